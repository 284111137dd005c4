// /proc/1/mounts (falling back to /proc/mounts): "device mountpoint fstype
// options dump pass", with spaces and tabs in the mount point octal-escaped.

import { readParsed, readParsedIfExists } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

export interface MountEntry {
  device: string;
  /** As seen from inside --path.rootfs. */
  mountPoint: string;
  fsType: string;
  options: string;
}

export function parseMounts(text: string, stripRootfs: (path: string) => string = (p) => p): MountEntry[] {
  const out: MountEntry[] = [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const parts = lines[i].trim().split(/\s+/);
    if (parts.length < 4) throw new Error(`line ${i + 1}: malformed mount point information: "${lines[i]}"`);
    // Only these two escapes, as upstream: other octal escapes stay as written.
    const mountPoint = parts[1].replaceAll("\\040", " ").replaceAll("\\011", "\t");
    out.push({ device: parts[0], mountPoint: stripRootfs(mountPoint), fsType: parts[2], options: parts[3] });
  }
  return out;
}

/** PID 1's view of the mounts (the host's, when mon runs in a container with the host's /proc). */
export function readMounts(paths: Paths): MountEntry[] {
  const parse = (text: string) => parseMounts(text, (p) => paths.stripRootfs(p));
  return readParsedIfExists(paths.proc("1", "mounts"), parse) ?? readParsed(paths.proc("mounts"), parse);
}
