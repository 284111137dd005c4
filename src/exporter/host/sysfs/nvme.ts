// /sys/class/nvme/<device>/{firmware_rev,model,serial,state}.

import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { Paths } from "../../paths.ts";
import { sysReadFile } from "./sys-read-file.ts";
import { SysfsReadError } from "./sysfs-read-error.ts";

export interface NvmeDevice {
  name: string;
  firmwareRevision: string;
  model: string;
  serial: string;
  state: string;
}

function read(file: string): string {
  try {
    return sysReadFile(file);
  } catch (err) {
    throw new SysfsReadError(`failed to read file "${file}": ${(err as Error).message}`, (err as NodeJS.ErrnoException).code, err);
  }
}

export function readNvmeClass(paths: Paths): NvmeDevice[] {
  const dir = paths.sys("class", "nvme");
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SysfsReadError(`failed to list NVMe devices at "${dir}": ${(err as Error).message}`, code, err);
  }
  return names.map((name) => {
    const d = join(dir, name);
    return {
      name,
      firmwareRevision: read(join(d, "firmware_rev")),
      model: read(join(d, "model")),
      serial: read(join(d, "serial")),
      state: read(join(d, "state")),
    };
  });
}
