// /proc/net/rpc/nfs (client) and /proc/net/rpc/nfsd (server): one
// "label v1 v2 ..." line per group. Checked as procfs v0.14 does: an unknown
// label or a group of the wrong size is an error for the whole file.

import { parseGoUint64 } from "../../../go/strconv.ts";
import { readParsedIfExists } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

/** Procedure names as procfs's struct fields spell them (upstream's method labels). */
export const V2_PROCEDURES = [
  "Null", "GetAttr", "SetAttr", "Root", "Lookup", "ReadLink", "Read", "WrCache", "Write", "Create", "Remove",
  "Rename", "Link", "SymLink", "MkDir", "RmDir", "ReadDir", "FsStat",
] as const;
export const V3_PROCEDURES = [
  "Null", "GetAttr", "SetAttr", "Lookup", "Access", "ReadLink", "Read", "Write", "Create", "MkDir", "SymLink",
  "MkNod", "Remove", "RmDir", "Rename", "Link", "ReadDir", "ReadDirPlus", "FsStat", "FsInfo", "PathConf", "Commit",
] as const;
export const CLIENT_V4_PROCEDURES = [
  "Null", "Read", "Write", "Commit", "Open", "OpenConfirm", "OpenNoattr", "OpenDowngrade", "Close", "Setattr",
  "FsInfo", "Renew", "SetClientID", "SetClientIDConfirm", "Lock", "Lockt", "Locku", "Access", "Getattr", "Lookup",
  "LookupRoot", "Remove", "Rename", "Link", "Symlink", "Create", "Pathconf", "StatFs", "ReadLink", "ReadDir",
  "ServerCaps", "DelegReturn", "GetACL", "SetACL", "FsLocations", "ReleaseLockowner", "Secinfo", "FsidPresent",
  "ExchangeID", "CreateSession", "DestroySession", "Sequence", "GetLeaseTime", "ReclaimComplete", "GetDeviceInfo",
  "LayoutGet", "LayoutCommit", "LayoutReturn", "SecinfoNoName", "TestStateID", "FreeStateID", "GetDeviceList",
  "BindConnToSession", "DestroyClientID", "Seek", "Allocate", "DeAllocate", "LayoutStats", "Clone",
] as const;
export const SERVER_V4_OPS = [
  "Op0Unused", "Op1Unused", "Op2Future", "Access", "Close", "Commit", "Create", "DelegPurge", "DelegReturn",
  "GetAttr", "GetFH", "Link", "Lock", "Lockt", "Locku", "Lookup", "LookupRoot", "Nverify", "Open", "OpenAttr",
  "OpenConfirm", "OpenDgrd", "PutFH", "PutPubFH", "PutRootFH", "Read", "ReadDir", "ReadLink", "Remove", "Rename",
  "Renew", "RestoreFH", "SaveFH", "SecInfo", "SetAttr", "SetClientID", "SetClientIDConfirm", "Verify", "Write",
  "RelLockOwner",
] as const;

/** Procedure name to count, every known procedure present (0 when the file lacks it). */
export type Procedures = Map<string, number>;

export interface NfsNetwork {
  netCount: number;
  udpCount: number;
  tcpCount: number;
  tcpConnect: number;
}

export interface NfsClientStats {
  network: NfsNetwork;
  rpc: { rpcCount: number; retransmissions: number; authRefreshes: number };
  v2: Procedures;
  v3: Procedures;
  v4: Procedures;
}

export interface NfsServerStats {
  replyCache: { hits: number; misses: number; noCache: number };
  fileHandles: { stale: number };
  io: { read: number; write: number };
  threads: { threads: number; fullCnt: number };
  readAhead: { cacheSize: number; notFound: number };
  network: NfsNetwork;
  rpc: { rpcCount: number; badCnt: number; badFmt: number; badAuth: number; badcInt: number };
  v2: Procedures;
  v3: Procedures;
  v4Ops: Procedures;
  wdelegGetattr: number;
}

function uints(fields: string[]): number[] {
  return fields.map((f) => {
    const v = parseGoUint64(f);
    if (v === undefined) throw new Error(`invalid value "${f}"`);
    return v;
  });
}

function exact(v: number[], n: number, what: string): number[] {
  if (v.length !== n) throw new Error(`invalid ${what} line: want ${n} values, got ${v.length}`);
  return v;
}

function procedures(names: readonly string[], values: number[]): Procedures {
  const m: Procedures = new Map();
  names.forEach((n, i) => m.set(n, values[i] ?? 0));
  return m;
}

/** A "procN count v1 ... vcount" line: the count must match, and at least min values. */
function procLine(v: number[], min: number, what: string, exactCount?: number): number[] {
  const count = v[0];
  if (v.length - 1 !== count || count < min || (exactCount !== undefined && count !== exactCount)) {
    throw new Error(`invalid ${what} line`);
  }
  return v.slice(1);
}

// proc2 and proc3 lines read the same on the client and the server.
function v2Procedures(v: number[]): Procedures {
  return procedures(V2_PROCEDURES, procLine(v, 18, "V2Stats"));
}

function v3Procedures(v: number[]): Procedures {
  return procedures(V3_PROCEDURES, procLine(v, 22, "V3Stats"));
}

const emptyNetwork = (): NfsNetwork => ({ netCount: 0, udpCount: 0, tcpCount: 0, tcpConnect: 0 });

function network(v: number[]): NfsNetwork {
  exact(v, 4, "Network");
  return { netCount: v[0], udpCount: v[1], tcpCount: v[2], tcpConnect: v[3] };
}

function eachLine(text: string, what: string, fn: (label: string, fields: string[]) => void): void {
  const lines = text.split("\n");
  // Like bufio.Scanner, a final newline does not make an empty last line.
  if (lines[lines.length - 1] === "") lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const parts = lines[i].trim().split(/\s+/);
    if (parts.length < 2 || parts[0] === "") throw new Error(`line ${i + 1}: invalid ${what} metric line "${lines[i]}"`);
    try {
      fn(parts[0], parts.slice(1));
    } catch (err) {
      throw new Error(`line ${i + 1}: ${(err as Error).message}`, { cause: err });
    }
  }
}

export function parseNfsClientStats(text: string): NfsClientStats {
  const s: NfsClientStats = {
    network: emptyNetwork(),
    rpc: { rpcCount: 0, retransmissions: 0, authRefreshes: 0 },
    v2: procedures(V2_PROCEDURES, []),
    v3: procedures(V3_PROCEDURES, []),
    v4: procedures(CLIENT_V4_PROCEDURES, []),
  };
  eachLine(text, "NFS", (label, fields) => {
    const v = uints(fields);
    switch (label) {
      case "net":
        s.network = network(v);
        break;
      case "rpc":
        exact(v, 3, "RPC");
        s.rpc = { rpcCount: v[0], retransmissions: v[1], authRefreshes: v[2] };
        break;
      case "proc2":
        s.v2 = v2Procedures(v);
        break;
      case "proc3":
        s.v3 = v3Procedures(v);
        break;
      case "proc4":
        // Older kernels have fewer v4 procedures; the rest read as 0.
        s.v4 = procedures(CLIENT_V4_PROCEDURES, procLine(v, 0, "ClientV4Stats"));
        break;
      default:
        throw new Error(`unknown NFS metric line "${label}"`);
    }
  });
  return s;
}

export function parseNfsServerStats(text: string): NfsServerStats {
  const s: NfsServerStats = {
    replyCache: { hits: 0, misses: 0, noCache: 0 },
    fileHandles: { stale: 0 },
    io: { read: 0, write: 0 },
    threads: { threads: 0, fullCnt: 0 },
    readAhead: { cacheSize: 0, notFound: 0 },
    network: emptyNetwork(),
    rpc: { rpcCount: 0, badCnt: 0, badFmt: 0, badAuth: 0, badcInt: 0 },
    v2: procedures(V2_PROCEDURES, []),
    v3: procedures(V3_PROCEDURES, []),
    v4Ops: procedures(SERVER_V4_OPS, []),
    wdelegGetattr: 0,
  };
  eachLine(text, "NFSd", (label, fields) => {
    if (label === "th" && fields.length < 2) throw new Error(`invalid NFSd th metric line`);
    // Newer kernels append a histogram to "th"; only the first two values count.
    const v = uints(label === "th" ? fields.slice(0, 2) : fields);
    switch (label) {
      case "rc":
        exact(v, 3, "ReplyCache");
        s.replyCache = { hits: v[0], misses: v[1], noCache: v[2] };
        break;
      case "fh":
        exact(v, 5, "FileHandles");
        s.fileHandles = { stale: v[0] };
        break;
      case "io":
        exact(v, 2, "InputOutput");
        s.io = { read: v[0], write: v[1] };
        break;
      case "th":
        s.threads = { threads: v[0], fullCnt: v[1] };
        break;
      case "ra":
        exact(v, 12, "ReadAheadCache");
        s.readAhead = { cacheSize: v[0], notFound: v[11] };
        break;
      case "net":
        s.network = network(v);
        break;
      case "rpc":
        exact(v, 5, "RPC");
        s.rpc = { rpcCount: v[0], badCnt: v[1], badFmt: v[2], badAuth: v[3], badcInt: v[4] };
        break;
      case "proc2":
        s.v2 = v2Procedures(v);
        break;
      case "proc3":
        s.v3 = v3Procedures(v);
        break;
      case "proc4":
        procLine(v, 2, "V4Stats", 2);
        break;
      case "proc4ops":
        s.v4Ops = procedures(SERVER_V4_OPS, procLine(v, 39, "V4Ops"));
        break;
      case "wdeleg_getattr":
        s.wdelegGetattr = v[0];
        break;
      default:
        throw new Error(`unknown NFSd metric line "${label}"`);
    }
  });
  return s;
}

/** undefined when the file is absent (no NFS support loaded). */
export function readNfsClientStats(paths: Paths): NfsClientStats | undefined {
  return readParsedIfExists(paths.proc("net", "rpc", "nfs"), parseNfsClientStats);
}

/** undefined when the file is absent (no NFS support loaded). */
export function readNfsServerStats(paths: Paths): NfsServerStats | undefined {
  return readParsedIfExists(paths.proc("net", "rpc", "nfsd"), parseNfsServerStats);
}
