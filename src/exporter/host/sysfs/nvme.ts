// /sys/class/nvme/<device>/{firmware_rev,model,serial,state,cntlid} and its
// namespaces, <device>/nvme<ctrl>n<nsid>/{nuse,size,queue/logical_block_size,ana_state}.

import { listDir, sysReadFile } from "../host-fs.ts";
import { join } from "node:path";
import type { Paths } from "../../paths.ts";
import { SysfsReadError } from "./sysfs-read-error.ts";

export interface NvmeDevice {
  name: string;
  firmwareRevision: string;
  model: string;
  serial: string;
  state: string;
  /** The controller id (cntlid), since node_exporter 1.11. */
  controllerId: string;
  namespaces: NvmeNamespace[];
}

export interface NvmeNamespace {
  /** The namespace id, from the folder name. */
  id: string;
  /** "unknown" without an ana_state file (no multipath). */
  anaState: string;
  usedBytes: number;
  sizeBytes: number;
  logicalBlockSize: number;
}

const NAMESPACE_RE = /nvme\d+n(\d+)/;

/** A block count or size; as procfs, a value that does not parse counts as 0. */
function blocks(text: string): number {
  return /^\d+$/.test(text) ? Number(text) : 0;
}

function readNamespace(dir: string, id: string): NvmeNamespace {
  let anaState = "unknown";
  try {
    anaState = sysReadFile(join(dir, "ana_state"));
  } catch {
    // Only multipath-capable controllers have it.
  }
  const used = blocks(read(join(dir, "nuse")));
  const size = blocks(read(join(dir, "size")));
  const blockSize = blocks(read(join(dir, "queue", "logical_block_size")));
  return { id, anaState, usedBytes: used * blockSize, sizeBytes: size * blockSize, logicalBlockSize: blockSize };
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
    names = listDir(dir);
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
      controllerId: read(join(d, "cntlid")),
      namespaces: listDir(d)
        .sort()
        .flatMap((entry) => {
          const m = NAMESPACE_RE.exec(entry);
          return m ? [readNamespace(join(d, entry), m[1])] : [];
        }),
    };
  });
}
