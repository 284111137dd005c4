// IPVS: /proc/net/ip_vs_stats (totals, hex) and /proc/net/ip_vs (virtual
// services, each followed by "->" lines for its real servers).

import { readParsed } from "../host-fs.ts";
import { formatIP } from "../../../go/ip-address.ts";
import type { Paths } from "../../paths.ts";

export interface IpvsStats {
  connections: number;
  incomingPackets: number;
  outgoingPackets: number;
  incomingBytes: number;
  outgoingBytes: number;
}

export interface IpvsBackend {
  /** "" for a firewall-mark service, which has no address. */
  localAddress: string;
  localPort: number;
  localMark: string;
  remoteAddress: string;
  remotePort: number;
  proto: string;
  weight: number;
  activeConn: number;
  inactConn: number;
}

const HEX = /^[0-9a-fA-F]+$/;

function hex(s: string, what: string): number {
  if (!HEX.test(s)) throw new Error(`${what} is not a hex number: "${s}"`);
  return Number.parseInt(s, 16);
}

/** The third line holds the five totals: Conns InPkts OutPkts InBytes OutBytes. */
export function parseIpvsStats(text: string): IpvsStats {
  const lines = text.split("\n");
  if (lines.length < 4) throw new Error("ip_vs_stats corrupt: too short");
  const f = lines[2].trim().split(/\s+/).filter((x) => x !== "");
  if (f.length !== 5) throw new Error("ip_vs_stats corrupt: unexpected number of fields");
  return {
    connections: hex(f[0], "Conns"),
    incomingPackets: hex(f[1], "InPkts"),
    outgoingPackets: hex(f[2], "OutPkts"),
    incomingBytes: hex(f[3], "InBytes"),
    outgoingBytes: hex(f[4], "OutBytes"),
  };
}

/** An IPv6 text address (full or "::"-compressed) as 16 bytes, or undefined. */
export function parseIPv6(s: string): Uint8Array | undefined {
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const groups = (part: string) => (part === "" ? [] : part.split(":"));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const fill = 8 - head.length - tail.length;
  if (halves.length === 1 ? head.length !== 8 : fill < 1) return undefined;
  const all = [...head, ...Array(halves.length === 2 ? fill : 0).fill("0"), ...tail];
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(all[i])) return undefined;
    const v = Number.parseInt(all[i], 16);
    out[2 * i] = v >> 8;
    out[2 * i + 1] = v & 0xff;
  }
  return out;
}

/** "C0A80016:0CEA" (IPv4 in hex) or "[2620:0000:...:0001]:0050". */
export function parseIpPort(s: string): { ip: string; port: number } {
  let ip: string;
  if (s.length === 13) {
    const h = s.slice(0, 8);
    if (!HEX.test(h)) throw new Error(`invalid IPv4 address "${h}"`);
    ip = formatIP([0, 2, 4, 6].map((i) => Number.parseInt(h.slice(i, i + 2), 16)));
  } else if (s.length === 46) {
    const bytes = parseIPv6(s.slice(1, 40));
    if (!bytes) throw new Error(`invalid IPv6 address "${s.slice(1, 40)}"`);
    ip = formatIP(bytes);
  } else {
    throw new Error(`unexpected IP:Port "${s}"`);
  }
  const port = s.slice(-4);
  if (!HEX.test(port)) throw new Error(`unexpected port "${port}"`);
  return { ip, port: Number.parseInt(port, 16) };
}

function decimal(s: string, what: string): number {
  if (!/^\d+$/.test(s)) throw new Error(`${what} is not a number: "${s}"`);
  return Number(s);
}

export function parseIpvsBackends(text: string): IpvsBackend[] {
  const out: IpvsBackend[] = [];
  let proto = "";
  let localMark = "";
  let localAddress = "";
  let localPort = 0;
  text.split("\n").forEach((line, i) => {
    const f = line.trim().split(/\s+/).filter((x) => x !== "");
    if (f.length === 0) return;
    try {
      if (f[0] === "IP" || f[0] === "Prot" || f[1] === "RemoteAddress:Port") return;
      if (f[0] === "TCP" || f[0] === "UDP") {
        if (f.length < 2) return;
        proto = f[0];
        localMark = "";
        ({ ip: localAddress, port: localPort } = parseIpPort(f[1]));
      } else if (f[0] === "FWM") {
        if (f.length < 2) return;
        proto = f[0];
        localMark = f[1];
        localAddress = "";
        localPort = 0;
      } else if (f[0] === "->") {
        if (f.length < 6) return;
        const remote = parseIpPort(f[1]);
        out.push({
          localAddress,
          localPort,
          localMark,
          remoteAddress: remote.ip,
          remotePort: remote.port,
          proto,
          weight: decimal(f[3], "Weight"),
          activeConn: decimal(f[4], "ActiveConn"),
          inactConn: decimal(f[5], "InActConn"),
        });
      }
    } catch (err) {
      throw new Error(`line ${i + 1}: ${(err as Error).message}`, { cause: err });
    }
  });
  return out;
}

/** Throws the read error untouched, so the collector can tell ENOENT (IPVS not loaded). */
export function readIpvsStats(paths: Paths): IpvsStats {
  return readParsed(paths.proc("net", "ip_vs_stats"), parseIpvsStats);
}

export function readIpvsBackends(paths: Paths): IpvsBackend[] {
  return readParsed(paths.proc("net", "ip_vs"), parseIpvsBackends);
}
