// /sys/class/scsi_tape/st<N>/stats/*: per tape drive I/O counters (the
// nst*/st*a/st*l/st*m aliases of the same drive are skipped).

import { listDir, sysReadFile } from "../host-fs.ts";
import { join } from "node:path";
import { parseGoUint64 } from "../../../go/strconv.ts";
import type { Paths } from "../../paths.ts";
import { SysfsReadError, errnoOf } from "./sysfs-read-error.ts";

export interface TapeCounters {
  in_flight: number;
  io_ns: number;
  other_cnt: number;
  read_byte_cnt: number;
  read_cnt: number;
  read_ns: number;
  resid_cnt: number;
  write_byte_cnt: number;
  write_cnt: number;
  write_ns: number;
}

export interface ScsiTape {
  name: string;
  counters: TapeCounters;
}

const TAPE_NAME = /^st[0-9]+$/;

function list(dir: string): string[] {
  try {
    return listDir(dir);
  } catch (err) {
    throw new SysfsReadError(`${dir}: ${(err as Error).message}`, errnoOf(err), err);
  }
}

function readCounters(statsDir: string): TapeCounters {
  const c: TapeCounters = {
    in_flight: 0, io_ns: 0, other_cnt: 0, read_byte_cnt: 0, read_cnt: 0,
    read_ns: 0, resid_cnt: 0, write_byte_cnt: 0, write_cnt: 0, write_ns: 0,
  };
  for (const name of list(statsDir)) {
    const file = join(statsDir, name);
    let text: string;
    try {
      text = sysReadFile(file);
    } catch (err) {
      // Wrapped, so even ENOENT here is a failure, as upstream's os.IsNotExist does not unwrap.
      throw new SysfsReadError(`failed to read file "${file}": ${(err as Error).message}`, undefined, err);
    }
    if (!(name in c)) continue;
    const v = parseGoUint64(text, 0);
    if (v === undefined) throw new SysfsReadError(`${file}: invalid value "${text}"`, undefined, undefined);
    c[name as keyof TapeCounters] = v;
  }
  return c;
}

export function readScsiTapeClass(paths: Paths): ScsiTape[] {
  const dir = paths.sys("class", "scsi_tape");
  return list(dir)
    .filter((n) => TAPE_NAME.test(n))
    .map((name) => ({ name, counters: readCounters(join(dir, name, "stats")) }));
}
