// /sys/devices/system/cpu/vulnerabilities/<name>: one line such as
// "Not affected", "Vulnerable", "Mitigation: PTI" or "Unknown: ...".

import { listDirIfExists, readText } from "../host-fs.ts";
import { join } from "node:path";
import type { Paths } from "../../paths.ts";

export type VulnerabilityState = "not affected" | "vulnerable" | "mitigation" | "unknown";

export interface Vulnerability {
  codename: string;
  state: VulnerabilityState;
  mitigation: string;
}

const STATES: VulnerabilityState[] = ["not affected", "vulnerable", "mitigation", "unknown"];

export function parseVulnerability(codename: string, raw: string): Vulnerability {
  const content = raw.trim();
  const lower = content.toLowerCase();
  const state = STATES.find((s) => lower.startsWith(s));
  if (state === undefined) {
    // Unrecognised text is kept whole rather than failing, as procfs does.
    return { codename, state: "unknown", mitigation: content };
  }
  if (state === "not affected") return { codename, state, mitigation: "" };
  const words = content.split(/\s+/).filter((w) => w !== "");
  return { codename, state, mitigation: words.length > 1 ? words.slice(1).join(" ") : "" };
}

export function readCpuVulnerabilities(paths: Paths): Vulnerability[] {
  const dir = paths.sys("devices/system/cpu/vulnerabilities");
  return listDirIfExists(dir).map((name) => parseVulnerability(name, readText(join(dir, name), "utf8")));
}
