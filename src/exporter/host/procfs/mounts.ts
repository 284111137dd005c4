// /proc/1/mounts (falling back to /proc/mounts): "device mountpoint fstype
// options dump pass", with spaces and tabs in the mount point octal-escaped.

import { readParsed, readParsedIfExists } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";
import { type MountInfo, parseMountInfo } from "./mountinfo.ts";

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

/**
 * A mount as the filesystem collector sees it since node_exporter 1.10.1
 * (#3452): from mountinfo, with the device numbers and both option sets.
 */
export interface FilesystemMount extends MountEntry {
  major: string;
  minor: string;
  superOptions: string;
}

/** Go's mountOptionsString: key or key=value, comma-separated. */
function optionsString(m: Map<string, string>): string {
  return [...m].map(([k, v]) => (v === "" ? k : `${k}=${v}`)).join(",");
}

/** mountinfo entries as filesystem mounts; a malformed major:minor fails, as upstream. */
export function filesystemMounts(infos: MountInfo[], stripRootfs: (path: string) => string = (p) => p): FilesystemMount[] {
  return infos.map((m) => {
    const mm = /^([+-]?\d+):([+-]?\d+)/.exec(m.majorMinor);
    if (!mm) throw new Error(`malformed mount point MajorMinorVer: "${m.majorMinor}"`);
    const mountPoint = m.mountPoint.replaceAll("\\040", " ").replaceAll("\\011", "\t");
    return {
      device: m.source,
      mountPoint: stripRootfs(mountPoint),
      fsType: m.fsType,
      options: optionsString(m.options),
      superOptions: optionsString(m.superOptions),
      major: String(Number(mm[1])),
      minor: String(Number(mm[2])),
    };
  });
}

/** PID 1's mountinfo, or this process's when /proc/1 is hidden (hidepid). */
export function readFilesystemMounts(paths: Paths): FilesystemMount[] {
  const parse = (text: string) => filesystemMounts(parseMountInfo(text), (p) => paths.stripRootfs(p));
  return readParsedIfExists(paths.proc("1", "mountinfo"), parse) ?? readParsed(paths.proc("self", "mountinfo"), parse);
}
