// /sys/class/nvme-subsystem/nvme-subsys<N>/: an NVMe subsystem (NVMe-oF or a
// multipath PCIe drive) with its controllers (one per path) and namespaces.
// As procfs's NVMeSubsystemClass reads it: every attribute is required.

import type { Paths } from "../../paths.ts";
import { listDir, sysReadFile } from "../host-fs.ts";

export interface NvmeSubsystem {
  name: string;
  nqn: string;
  model: string;
  serial: string;
  ioPolicy: string;
  controllers: { name: string; state: string; transport: string; address: string }[];
  namespaces: string[];
}

const CONTROLLER_RE = /^nvme\d+$/;
const NAMESPACE_RE = /^nvme\d+n\d+$/;

function attr(file: string, what: string): string {
  try {
    return sysReadFile(file);
  } catch (err) {
    throw new Error(`failed to read ${what}: ${(err as Error).message}`, { cause: err });
  }
}

/** Throws the class listing error untouched (ENOENT: no subsystem). */
export function readNvmeSubsystems(paths: Paths): NvmeSubsystem[] {
  const base = paths.sys("class", "nvme-subsystem");
  return listDir(base)
    .filter((name) => name.startsWith("nvme-subsys"))
    .map((name) => {
      const dir = `${base}/${name}`;
      const a = (file: string) => attr(`${dir}/${file}`, `${file} for ${name}`);
      const subsystem: NvmeSubsystem = {
        name,
        nqn: a("subsysnqn"),
        model: a("model"),
        serial: a("serial"),
        ioPolicy: a("iopolicy"),
        controllers: [],
        namespaces: [],
      };
      for (const entry of listDir(dir)) {
        if (CONTROLLER_RE.test(entry)) {
          const c = (file: string) => attr(`${dir}/${entry}/${file}`, `${file} for ${name}/${entry}`);
          subsystem.controllers.push({ name: entry, state: c("state"), transport: c("transport"), address: c("address") });
        }
        if (NAMESPACE_RE.test(entry)) subsystem.namespaces.push(entry);
      }
      return subsystem;
    });
}
