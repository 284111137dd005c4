// /proc/drbd (DRBD 8): white-space separated "key:value" words; a word
// "<minor>:" starts the block of device drbd<minor>.

import { parseGoUint64 } from "../../../go/strconv.ts";
import type { Paths } from "../../paths.ts";
import { readText } from "../host-fs.ts";

export interface DrbdField {
  /** drbd<minor>, or "unknown" before the first device word. */
  device: string;
  key: string;
  value: string;
}

export function parseDrbd(text: string): DrbdField[] {
  const out: DrbdField[] = [];
  let device = "unknown";
  for (const word of text.split(/\s+/)) {
    if (word === "") continue;
    const kv = word.split(":");
    // Words like "version: 8.4.3" halves or timestamps are not key:value pairs.
    if (kv.length !== 2) continue;
    const id = parseGoUint64(kv[0]);
    if (id !== undefined && kv[1] === "") {
      device = `drbd${id}`;
      continue;
    }
    out.push({ device, key: kv[0], value: kv[1] });
  }
  return out;
}

/** undefined when there is no /proc/drbd (module not loaded). */
export function readDrbd(paths: Paths): DrbdField[] | undefined {
  try {
    return parseDrbd(readText(paths.proc("drbd")));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}
