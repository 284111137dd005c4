// SELinux state the way go-selinux (which node_exporter uses) finds it:
// selinuxfs at /sys/fs/selinux or wherever mountinfo says, enabled unless the
// process runs with the "kernel" label, the configured mode from
// /etc/selinux/config and the current one from selinuxfs's enforce file.
// Paths go through --path.* so a containerised exporter can look at the host.

import { readText, readTextIfExists, statfsPath } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

const SELINUX_MAGIC = 0xf97cff8c;
const ST_RDONLY = 1;

export const ENFORCING = 1;
export const PERMISSIVE = 0;
export const DISABLED = -1;

/** The mount point of the first selinuxfs line of /proc/self/mountinfo, or "". */
export function selinuxfsFromMountinfo(text: string): string {
  for (const line of text.split("\n")) {
    if (!line.includes(" - selinuxfs ")) continue;
    const fields = line.split(" ");
    if (fields.length >= 5) return fields[4];
  }
  return "";
}

/** SELINUX= of /etc/selinux/config as a mode; anything else is disabled. */
export function parseSelinuxConfigMode(text: string): number {
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line[0] === ";" || line[0] === "#") continue;
    const eq = line.indexOf("=");
    if (eq === -1 || line.slice(0, eq) !== "SELINUX") continue;
    const value = line.slice(eq + 1).replace(/^"+|"+$/g, "");
    return value === "enforcing" ? ENFORCING : value === "permissive" ? PERMISSIVE : DISABLED;
  }
  return DISABLED;
}

/** selinuxfs's enforce file: an integer without surrounding space (Go's Atoi), else -1. */
export function parseEnforce(text: string | undefined): number {
  if (text === undefined || !/^[+-]?\d+$/.test(text)) return DISABLED;
  return Number(text);
}

function isWritableSelinuxfs(path: string): boolean {
  try {
    const s = statfsPath(path);
    if (Number(s.type & 0xffffffffn) !== SELINUX_MAGIC) return false;
    return s.flags === undefined || (s.flags & BigInt(ST_RDONLY)) === 0n;
  } catch {
    return false;
  }
}

export function findSelinuxfs(paths: Paths): string {
  const preferred = paths.sys("fs", "selinux");
  if (isWritableSelinuxfs(preferred)) return preferred;
  if (!(readTextIfExists(paths.proc("filesystems")) ?? "").includes("\tselinuxfs\n")) return "";
  const mnt = selinuxfsFromMountinfo(readTextIfExists(paths.proc("self", "mountinfo")) ?? "");
  return mnt !== "" && isWritableSelinuxfs(mnt) ? mnt : "";
}

/** go-selinux reads the label, config and enforce files ignoring every error (as ""), so the status does too. */
function readOrEmpty(path: string): string | undefined {
  try {
    return readText(path);
  } catch {
    return undefined;
  }
}

export interface SelinuxStatus {
  enabled: boolean;
  configMode: number;
  currentMode: number;
}

export function readSelinuxStatus(paths: Paths, selinuxfs: string): SelinuxStatus {
  if (selinuxfs === "") return { enabled: false, configMode: DISABLED, currentMode: DISABLED };
  const label = (readOrEmpty(paths.proc("thread-self", "attr", "current")) ?? "").replace(/\0+$/, "").trim();
  if (label === "kernel") return { enabled: false, configMode: DISABLED, currentMode: DISABLED };
  return {
    enabled: true,
    configMode: parseSelinuxConfigMode(readOrEmpty(paths.rootfs("etc", "selinux", "config")) ?? ""),
    currentMode: parseEnforce(readOrEmpty(`${selinuxfs}/enforce`)),
  };
}
