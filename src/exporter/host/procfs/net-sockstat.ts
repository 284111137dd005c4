// /proc/net/sockstat and sockstat6: "sockets: used 12" and one line per
// protocol of key/value pairs, e.g. "TCP: inuse 5 orphan 0 tw 2 alloc 7 mem 1".

import { readParsedIfExists } from "../host-fs.ts";
import { parseGoInt64 } from "../../../go/strconv.ts";
import type { Paths } from "../../paths.ts";

export interface SockstatProtocol {
  protocol: string;
  inuse: number;
  orphan?: number;
  tw?: number;
  alloc?: number;
  mem?: number;
  memory?: number;
}

export interface Sockstat {
  /** "sockets: used", only in the IPv4 file. */
  used?: number;
  protocols: SockstatProtocol[];
}

const OPTIONAL = ["orphan", "tw", "alloc", "mem", "memory"] as const;

export function parseSockstat(text: string): Sockstat {
  const stat: Sockstat = { protocols: [] };
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  lines.forEach((line, i) => {
    const fields = line.split(" ");
    if (fields.length < 3) throw new Error(`line ${i + 1}: malformed sockstat line: "${line}"`);
    const kvs = fields.slice(1);
    if (kvs.length % 2 !== 0) throw new Error(`line ${i + 1}: odd number of fields in key/value pairs: "${line}"`);
    const values = new Map<string, number>();
    for (let j = 0; j < kvs.length; j += 2) {
      // procfs parses with base 0, so "0x10" would be 16.
      const v = parseGoInt64(kvs[j + 1], 0);
      if (v === undefined) throw new Error(`line ${i + 1}: ${kvs[j]} is not an integer: "${kvs[j + 1]}"`);
      values.set(kvs[j], v);
    }
    const protocol = fields[0].endsWith(":") ? fields[0].slice(0, -1) : fields[0];
    if (protocol === "sockets") {
      stat.used = values.get("used") ?? 0;
      return;
    }
    const p: SockstatProtocol = { protocol, inuse: values.get("inuse") ?? 0 };
    for (const k of OPTIONAL) if (values.has(k)) p[k] = values.get(k);
    stat.protocols.push(p);
  });
  return stat;
}

/** Undefined when the file does not exist (that IP version is disabled). */
export function readSockstat(paths: Paths, file: "sockstat" | "sockstat6"): Sockstat | undefined {
  return readParsedIfExists(paths.proc("net", file), parseSockstat);
}
