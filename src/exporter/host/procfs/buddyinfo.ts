// /proc/buddyinfo: "Node 0, zone   Normal   1 2 3 ..." free blocks per order.

import { readParsed } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";
import { parseGoFloat } from "../../../go/format-float.ts";

export interface BuddyInfo {
  node: string;
  zone: string;
  sizes: number[];
}

const trimCommas = (s: string) => s.replace(/,+$/, "");

export function parseBuddyInfo(text: string): BuddyInfo[] {
  const out: BuddyInfo[] = [];
  let buckets = -1;
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  lines.forEach((line, i) => {
    const parts = line.trim().split(/\s+/).filter((p) => p !== "");
    if (parts.length < 4) throw new Error(`line ${i + 1}: invalid number of fields: "${line}"`);
    const sizes = parts.slice(4).map((p) => {
      const v = parseGoFloat(p);
      if (v === undefined) throw new Error(`line ${i + 1}: invalid value "${p}"`);
      return v;
    });
    if (buckets === -1) buckets = sizes.length;
    else if (buckets !== sizes.length) {
      throw new Error(`line ${i + 1}: mismatch in number of buddyinfo buckets, previous count ${buckets}, new count ${sizes.length}`);
    }
    out.push({ node: trimCommas(parts[1]), zone: trimCommas(parts[3]), sizes });
  });
  return out;
}

export function readBuddyInfo(paths: Paths): BuddyInfo[] {
  return readParsed(paths.proc("buddyinfo"), parseBuddyInfo);
}
