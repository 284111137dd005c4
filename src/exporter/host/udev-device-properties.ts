// udev's database entry of a block device (/run/udev/data/b<major>:<minor>):
// one record a line, device properties as "E:NAME=value" (see udevadm(8)).

import { readText } from "./host-fs.ts";
import type { Paths } from "../paths.ts";

export type UdevProperties = Map<string, string>;

export function parseUdevProperties(text: string): UdevProperties {
  const props: UdevProperties = new Map();
  for (const raw of text.split("\n")) {
    if (!raw.startsWith("E:")) continue;
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const eq = line.indexOf("=", 2);
    if (eq === -1) continue;
    props.set(line.slice(2, eq), line.slice(eq + 1));
  }
  return props;
}

/** The device's properties, or an empty map when udev has no entry for it. */
export function readUdevBlockProperties(paths: Paths, major: number, minor: number): UdevProperties {
  try {
    // UTF-8: model names and serials are text, unlike the byte counters of /proc.
    return parseUdevProperties(readText(paths.udev(`b${major}:${minor}`), "utf8"));
  } catch {
    return new Map();
  }
}
