// /proc/interrupts: a header with one column per CPU, then per interrupt
// "name: count per CPU, then details". Numbered IRQs carry the controller
// (info) then the devices; named ones (NMI, LOC, ...) a description.
//              CPU0       CPU1
//     0:         44          0   IO-APIC   2-edge      timer
//   NMI:          0          0   Non-maskable interrupts
//   ERR:          0

import { parseGoAtoi } from "../../../go/strconv.ts";
import { readParsed } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

export interface Interrupt {
  name: string;
  info: string;
  devices: string;
  /** Counts per CPU, as text; the collector parses them. */
  values: string[];
}

/** Interrupts by name; a repeated name keeps its last line, as node_exporter's map does. */
export function parseInterrupts(text: string): Map<string, Interrupt> {
  const lines = text.split("\n");
  if (text === "") throw new Error("interrupts empty");
  const cpuNum = lines[0].split(/\s+/).filter((p) => p !== "").length;
  const out = new Map<string, Interrupt>();
  for (let i = 1; i < lines.length; i++) {
    // On aarch64 the name can touch the first count, so split at ':' first.
    const colon = lines[i].indexOf(":");
    if (colon === -1) continue;
    const parts = lines[i].slice(colon + 1).split(/\s+/).filter((p) => p !== "");
    // ERR and MIS have a single total, not one count per CPU.
    if (parts.length < cpuNum + 1) continue;
    const name = lines[i].slice(0, colon).replace(/^ +/, "");
    const numbered = parseGoAtoi(name) !== undefined;
    out.set(name, {
      name,
      values: parts.slice(0, cpuNum),
      info: numbered ? parts[cpuNum] : parts.slice(cpuNum).join(" "),
      devices: numbered ? parts.slice(cpuNum + 1).join(" ") : "",
    });
  }
  return out;
}

export function readInterrupts(paths: Paths): Map<string, Interrupt> {
  return readParsed(paths.proc("interrupts"), parseInterrupts);
}
