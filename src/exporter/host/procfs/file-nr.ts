// /proc/sys/fs/file-nr: "allocated<TAB>unused<TAB>maximum". The middle value
// has been 0 since Linux 2.6 and is not exported.

import { parseGoFloat } from "../../../go/format-float.ts";
import { readParsed } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

export interface FileNr {
  allocated: number;
  maximum: number;
}

export function parseFileNr(text: string): FileNr {
  const parts = text.trim().split("\t");
  if (parts.length < 3) throw new Error(`unexpected number of file stats: want 3 tab-separated values, got ${parts.length}`);
  const value = (s: string) => {
    const v = parseGoFloat(s);
    if (v === undefined) throw new Error(`invalid value ${s} in file-nr`);
    return v;
  };
  return { allocated: value(parts[0]), maximum: value(parts[2]) };
}

export function readFileNr(paths: Paths): FileNr {
  return readParsed(paths.proc("sys/fs/file-nr"), parseFileNr);
}
