// /proc/<pid>/mountstats: a "device X mounted on Y with fstype T [statvers=V]"
// line per mount; NFS mounts follow it with indented statistics (opts, age,
// bytes, events, xprt, then per-op lines) up to a blank line. Read with
// procfs v0.14's rules and line cursor, quirks included.

export interface NfsTransport {
  protocol: string;
  port: number;
  bind: number;
  connect: number;
  connectIdleTime: number;
  /** Exact (a uint64 can exceed 2^53), as upstream takes it modulo 2^53. */
  idleTimeSeconds: bigint;
  sends: number;
  receives: number;
  badTransactionIds: number;
  cumulativeActiveRequests: number;
  cumulativeBacklog: number;
  maximumRpcSlotsUsed: number;
  cumulativeSendingQueue: number;
  cumulativePendingQueue: number;
}

export interface NfsOperation {
  operation: string;
  requests: number;
  transmissions: number;
  majorTimeouts: number;
  bytesSent: number;
  bytesReceived: number;
  /** The cumulative times are exact, as upstream takes them modulo 2^53. */
  queueMilliseconds: bigint;
  totalResponseMilliseconds: bigint;
  totalRequestMilliseconds: bigint;
}

export const NFS_EVENTS = [
  "inodeRevalidate", "dnodeRevalidate", "dataInvalidate", "attributeInvalidate", "vfsOpen", "vfsLookup",
  "vfsAccess", "vfsUpdatePage", "vfsReadPage", "vfsReadPages", "vfsWritePage", "vfsWritePages", "vfsGetdents",
  "vfsSetattr", "vfsFlush", "vfsFsync", "vfsLock", "vfsFileRelease", "congestionWait", "truncation",
  "writeExtension", "sillyRename", "shortRead", "shortWrite", "jukeboxDelay", "pnfsRead", "pnfsWrite",
] as const;
export type NfsEvent = (typeof NFS_EVENTS)[number];

export const NFS_BYTES = ["read", "write", "directRead", "directWrite", "readTotal", "writeTotal", "readPages", "writePages"] as const;
export type NfsBytes = (typeof NFS_BYTES)[number];

export interface NfsMountStats {
  statVersion: string;
  opts: Map<string, string>;
  ageSeconds: number;
  bytes: Record<NfsBytes, number>;
  events: Record<NfsEvent, number>;
  operations: NfsOperation[];
  /** One per xprt: line; several with nconnect or trunking, none without any (node_exporter 1.11, #3358). */
  transports: NfsTransport[];
}

export interface MountStatsEntry {
  device: string;
  mount: string;
  type: string;
  /** Present for mounts with statistics (NFS). */
  nfs?: NfsMountStats;
}

function uint(s: string, what: string): number {
  if (!/^\d+$/.test(s)) throw new Error(`${what}: invalid value "${s}"`);
  return Number(s);
}

function bigUint(s: string, what: string): bigint {
  if (!/^\d+$/.test(s)) throw new Error(`${what}: invalid value "${s}"`);
  return BigInt(s);
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

const TRANSPORT_LEN: Record<string, Record<string, number>> = {
  "1.0": { tcp: 10, udp: 7 },
  "1.1": { tcp: 13, udp: 10, rdma: 20 },
};

export function parseTransport(fields: string[], statVersion: string): NfsTransport {
  const protocol = fields[0];
  const ss = fields.slice(1);
  const lens = TRANSPORT_LEN[statVersion];
  if (!lens) throw new Error(`unrecognized NFS transport stats version: "${statVersion}", protocol: ${protocol}`);
  const want = lens[protocol];
  if (want === undefined) throw new Error(`invalid NFS protocol "${protocol}" in stats ${statVersion} statement`);
  if (protocol === "rdma" ? ss.length < want : ss.length !== want) {
    throw new Error(`invalid NFS transport stats ${statVersion} statement: ${ss.join(" ")}, protocol: ${protocol}`);
  }
  const v = ss.map((s) => bigUint(s, "xprt"));
  // UDP has no connect fields, RDMA no slot/queue fields: procfs shifts the
  // values so each lands in its named slot, zeros in the gaps.
  let n: bigint[];
  if (protocol === "udp") n = [v[0], v[1], 0n, 0n, 0n, ...v.slice(2)];
  else if (protocol === "rdma") n = [...v.slice(0, 10), 0n, 0n, 0n];
  else n = v;
  const big = (i: number) => n[i] ?? 0n;
  const at = (i: number) => Number(big(i));
  return {
    protocol,
    port: at(0),
    bind: at(1),
    connect: at(2),
    connectIdleTime: at(3),
    idleTimeSeconds: big(4),
    sends: at(5),
    receives: at(6),
    badTransactionIds: at(7),
    cumulativeActiveRequests: at(8),
    cumulativeBacklog: at(9),
    maximumRpcSlotsUsed: at(10),
    cumulativeSendingQueue: at(11),
    cumulativePendingQueue: at(12),
  };
}

function fieldsOf(line: string): string[] {
  const t = line.trim();
  return t === "" ? [] : t.split(/\s+/);
}

/** A line cursor, like procfs's shared bufio.Scanner. */
class Lines {
  private i = 0;
  constructor(private readonly lines: string[]) {}
  next(): string | undefined {
    return this.i < this.lines.length ? this.lines[this.i++] : undefined;
  }
  get lineNo(): number {
    return this.i;
  }
}

function parseNfsStats(cur: Lines, statVersion: string): NfsMountStats {
  const s: NfsMountStats = {
    statVersion,
    opts: new Map(),
    ageSeconds: 0,
    bytes: zeros(NFS_BYTES),
    events: zeros(NFS_EVENTS),
    operations: [],
    transports: [],
  };
  for (let line = cur.next(); line !== undefined; line = cur.next()) {
    const ss = fieldsOf(line);
    if (ss.length === 0) break;
    switch (ss[0]) {
      case "opts:":
        if (ss.length < 2) throw new Error("incomplete information for NFS stats: opts");
        for (const opt of ss[1].split(",")) {
          const kv = opt.split("=");
          if (kv.length === 2) s.opts.set(kv[0], kv[1]);
          else s.opts.set(opt, "");
        }
        break;
      case "age:":
        if (ss.length < 2) throw new Error("incomplete information for NFS stats: age");
        // A Go duration in seconds, so a fraction is allowed.
        if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(ss[1])) throw new Error(`age: invalid duration "${ss[1]}s"`);
        s.ageSeconds = Number(ss[1]);
        break;
      case "bytes:": {
        const v = ss.slice(1);
        if (v.length !== NFS_BYTES.length) throw new Error(`invalid NFS bytes stats: ${v.join(" ")}`);
        NFS_BYTES.forEach((k, i) => (s.bytes[k] = uint(v[i], "bytes")));
        break;
      }
      case "events:": {
        const v = ss.slice(1);
        if (v.length !== NFS_EVENTS.length) throw new Error(`invalid NFS events stats: ${v.join(" ")}`);
        NFS_EVENTS.forEach((k, i) => (s.events[k] = uint(v[i], "events")));
        break;
      }
      case "xprt:":
        if (ss.length < 3) throw new Error("incomplete information for NFS transport stats");
        s.transports.push(parseTransport(ss.slice(1), statVersion));
        break;
    }
    if (ss[0] === "per-op") break;
  }
  for (let line = cur.next(); line !== undefined; line = cur.next()) {
    const ss = fieldsOf(line);
    if (ss.length === 0) break;
    if (ss.length < 9) throw new Error(`invalid NFS per-operations stats: ${ss.join(" ")}`);
    const v = ss.slice(1).map((x) => bigUint(x, `per-op ${ss[0]}`));
    s.operations.push({
      operation: ss[0].replace(/:$/, ""),
      requests: Number(v[0]),
      transmissions: Number(v[1]),
      majorTimeouts: Number(v[2]),
      bytesSent: Number(v[3]),
      bytesReceived: Number(v[4]),
      queueMilliseconds: v[5],
      totalResponseMilliseconds: v[6],
      totalRequestMilliseconds: v[7],
    });
  }
  return s;
}

const DEVICE_WORDS: [number, string][] = [
  [0, "device"],
  [2, "mounted"],
  [3, "on"],
  [5, "with"],
  [6, "fstype"],
];

export function parseMountStats(text: string): MountStatsEntry[] {
  const out: MountStatsEntry[] = [];
  const cur = new Lines(text.split("\n"));
  for (let line = cur.next(); line !== undefined; line = cur.next()) {
    const ss = fieldsOf(line);
    if (ss.length === 0 || ss[0] !== "device") continue;
    const at = cur.lineNo;
    if (ss.length < 8 || DEVICE_WORDS.some(([i, w]) => ss[i] !== w)) throw new Error(`line ${at}: invalid device "${line.trim()}"`);
    const m: MountStatsEntry = { device: ss[1], mount: ss[4], type: ss[7] };
    if (ss.length > 8) {
      if (m.type !== "nfs" && m.type !== "nfs4") throw new Error(`line ${at}: cannot parse MountStats for "${m.type}"`);
      try {
        m.nfs = parseNfsStats(cur, ss[8].replace(/^statvers=/, ""));
      } catch (err) {
        throw new Error(`device ${m.device} (line ${at}): ${(err as Error).message}`, { cause: err });
      }
    }
    out.push(m);
  }
  return out;
}
