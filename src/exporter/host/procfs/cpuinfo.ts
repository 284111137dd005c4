// /proc/cpuinfo in the x86 layout: one "key<TAB>: value" block per logical
// CPU, blocks separated by blank lines.
//   processor	: 0
//   vendor_id	: GenuineIntel
//   ...
//   flags		: fpu vme de pse ...
//   bugs		: cpu_meltdown spectre_v1 ...
// Like procfs, only lines with ": " count, and a key's value is kept verbatim.

import { readParsed } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

export interface CpuInfo {
  processor: number;
  vendorId: string;
  cpuFamily: string;
  model: string;
  modelName: string;
  stepping: string;
  microcode: string;
  cpuMHz: number;
  cacheSize: string;
  physicalId: string;
  coreId: string;
  flags: string[];
  bugs: string[];
}

function emptyCpuInfo(processor: number): CpuInfo {
  return {
    processor,
    vendorId: "",
    cpuFamily: "",
    model: "",
    modelName: "",
    stepping: "",
    microcode: "",
    cpuMHz: 0,
    cacheSize: "",
    physicalId: "",
    coreId: "",
    flags: [],
    bugs: [],
  };
}

/** Go's strconv.ParseUint(s, 0, 32): decimal, 0x hex, 0o/0 octal, 0b binary. */
function parseUintBase0(text: string, lineNo: number): number {
  let v: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) v = parseInt(text.slice(2), 16);
  else if (/^0[bB][01]+$/.test(text)) v = parseInt(text.slice(2), 2);
  else if (/^0[oO]?[0-7]+$/.test(text)) v = parseInt(text.replace(/^0[oO]?/, ""), 8);
  else if (/^\d+$/.test(text)) v = Number(text);
  else throw new Error(`line ${lineNo}: processor: not an unsigned integer: "${text}"`);
  if (v > 0xffffffff) throw new Error(`line ${lineNo}: processor: out of range: "${text}"`);
  return v;
}

const FLOAT_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function parseCpuInfo(text: string): CpuInfo[] {
  const lines = text.split("\n");
  let i = 0;
  while (i < lines.length && lines[i].trim() === "") i++;
  const first = lines[i] ?? "";
  if (!first.startsWith("processor") || !first.includes(":")) {
    throw new Error(`line ${i + 1}: cannot parse line: "${first}"`);
  }
  const cpus: CpuInfo[] = [];
  let cur: CpuInfo | undefined;
  for (; i < lines.length; i++) {
    const line = lines[i];
    const sep = line.indexOf(": ");
    if (sep === -1) continue;
    const key = line.slice(0, sep).trim();
    const value = line.slice(sep + 2);
    const lineNo = i + 1;
    if (key === "processor") {
      cur = emptyCpuInfo(parseUintBase0(value, lineNo));
      cpus.push(cur);
      continue;
    }
    if (!cur) throw new Error(`line ${lineNo}: cannot parse line: "${line}"`);
    switch (key) {
      case "vendor":
      case "vendor_id":
        cur.vendorId = value;
        break;
      case "cpu family":
        cur.cpuFamily = value;
        break;
      case "model":
        cur.model = value;
        break;
      case "model name":
        cur.modelName = value;
        break;
      case "stepping":
        cur.stepping = value;
        break;
      case "microcode":
        cur.microcode = value;
        break;
      case "cpu MHz":
        if (!FLOAT_RE.test(value)) throw new Error(`line ${lineNo}: cpu MHz: not a number: "${value}"`);
        cur.cpuMHz = Number(value);
        break;
      case "cache size":
        cur.cacheSize = value;
        break;
      case "physical id":
        cur.physicalId = value;
        break;
      case "core id":
        cur.coreId = value;
        break;
      case "flags":
        cur.flags = value.split(/\s+/).filter((f) => f !== "");
        break;
      case "bugs":
        cur.bugs = value.split(/\s+/).filter((f) => f !== "");
        break;
    }
  }
  return cpus;
}

export function readCpuInfo(paths: Paths): CpuInfo[] {
  return readParsed(paths.proc("cpuinfo"), parseCpuInfo);
}
