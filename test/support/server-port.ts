// Starting a server under test on a loopback port without a race.
//
// Picking a "free" port by binding port 0, closing it and handing the number
// to the server leaves a window in which another test (or another helper's
// suite on the same machine) takes the port. So:
//
// - spawnServer(cmd, opts): give the program port 0 (put LOOPBACK_ANY, i.e.
//   "127.0.0.1:0", in its listen flag); the kernel picks the port, and the
//   helper reads which one the process listens on from /proc (its socket
//   inodes in /proc/<pid>/fd matched against /proc/<pid>/net/tcp{,6}). Works
//   for dist/mon and for the Go references (node_exporter, Pushgateway,
//   Prometheus) alike. Resolves with { proc, ports, port, base, stop } once
//   the process listens on `opts.ports` ports (default 1) and, with
//   `opts.readyPath`, that path answers 200. On exit or timeout it throws with
//   the program's stderr. Its stderr is drained all along (a full pipe would
//   block the server): read it with log(); stdout is ignored.
// - listeningPorts(proc, opts): the same wait for a process spawned by hand;
//   the ports in the order the process opened them (its listen flags' order).
// - onFreePort(start): for a program that cannot be given port 0 (redis-server
//   treats --port 0 as "no TCP"; systemd-socket-activate refuses it): calls
//   start(port) with a candidate port and, when start throws while that port
//   is held by someone else or the failure says the address is in use,
//   retries with another (up to 8 times). Any other failure is thrown at once.
//   Candidates lie below the kernel's ephemeral range
//   (net.ipv4.ip_local_port_range): a port the kernel picked, for port 0 or
//   for the local end of an outgoing connection, was once handed out again
//   while a Sentinel was starting on it, and such a holder is often gone by the
//   time anyone looks. Below the range only another onFreePort caller can
//   collide, and a restart on the same port (redis restart) stays free.
//
// - dieWithTest(cmd): the command line to spawn so that the server is killed
//   when the test process dies, even by SIGKILL (no exit handler runs then).
//   spawnServer uses it; use it for servers spawned by hand too.
//
// In-process servers need none of this: Bun.serve({ port: 0 }) and
// launchGateway with "127.0.0.1:0" report their port themselves.

import { existsSync, readFileSync, readdirSync, readlinkSync } from "node:fs";
import type { Subprocess } from "bun";

export const LOOPBACK_ANY = "127.0.0.1:0";

const TCP_LISTEN = "0A";

const SETPRIV = "/usr/bin/setpriv";

/**
 * Prefixes `cmd` with util-linux setpriv --pdeathsig KILL, which sets
 * PR_SET_PDEATHSIG and then execs the server: same pid (port lookups and
 * kill() still reach the server itself), and the kernel kills it when its
 * parent, the test process, dies. Bun offers no prctl of its own.
 */
export function dieWithTest(cmd: string[]): string[] {
  return existsSync(SETPRIV) ? [SETPRIV, "--pdeathsig", "KILL", "--", ...cmd] : cmd;
}

/** TCP ports `pid` is listening on, in the order of its file descriptors. */
export function listeningPortsNow(pid: number): number[] {
  const fdOfInode = new Map<string, number>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return []; // exited
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) fdOfInode.set(m[1], Number(fd));
    } catch {
      // closed meanwhile
    }
  }
  const found: { fd: number; port: number }[] = [];
  for (const table of ["tcp", "tcp6"]) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, "latin1");
    } catch {
      continue; // no IPv6, or exited
    }
    for (const line of text.split("\n").slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== TCP_LISTEN) continue;
      const fd = fdOfInode.get(f[9]);
      if (fd !== undefined) found.push({ fd, port: Number.parseInt(f[1].slice(f[1].lastIndexOf(":") + 1), 16) });
    }
  }
  return found.sort((a, b) => a.fd - b.fd).map((x) => x.port);
}

async function stderrOf(proc: Subprocess): Promise<string> {
  const err = proc.stderr;
  if (!(err instanceof ReadableStream) || err.locked) return "(stderr not captured)";
  return (await new Response(err).text()).trim();
}

type LogReader = (whole: boolean) => Promise<string>;

async function failStart(proc: Subprocess, what: string, why: string, log: LogReader = () => stderrOf(proc)): Promise<never> {
  proc.kill("SIGKILL");
  await proc.exited;
  throw new Error(`${what} did not start (${why}): ${(await log(true)).trim()}`);
}

/** Reads `stream` in the background; the reader gives what came so far, or all of it (after exit). */
function drain(stream: ReadableStream<Uint8Array>): LogReader {
  const chunks: Uint8Array[] = [];
  const done = (async () => {
    for await (const chunk of stream) chunks.push(chunk);
  })();
  return async (whole) => {
    if (whole) await done;
    return Buffer.concat(chunks).toString("utf8");
  };
}

/**
 * Waits until `proc` listens on `count` TCP ports and returns them. Throws,
 * with the program's stderr, when it exits first or after `timeoutMs`.
 */
export async function listeningPorts(
  proc: Subprocess,
  opts: { what: string; count?: number; timeoutMs?: number; log?: LogReader },
): Promise<number[]> {
  const count = opts.count ?? 1;
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  for (;;) {
    const ports = listeningPortsNow(proc.pid);
    if (ports.length >= count) return ports;
    if (proc.exitCode !== null || proc.signalCode !== null) return failStart(proc, opts.what, `exit ${proc.exitCode ?? proc.signalCode}`, opts.log);
    if (Date.now() > deadline) return failStart(proc, opts.what, `not listening on ${count} port(s) after ${opts.timeoutMs ?? 15_000} ms`, opts.log);
    await Bun.sleep(10);
  }
}

export interface SpawnedServer {
  proc: Subprocess<"ignore", "ignore", "pipe">;
  /** Every port it listens on, in its listen flags' order. */
  ports: number[];
  /** The first of ports. */
  port: number;
  /** http://127.0.0.1:<port> */
  base: string;
  /** Sends `signal` (SIGTERM) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number>;
  /** Its stderr so far; all of it once it has exited. */
  log(): Promise<string>;
}

export interface SpawnServerOptions {
  /** Names the program in errors. */
  what: string;
  /** How many listeners to wait for (several --web.listen-address flags). */
  ports?: number;
  /** Poll http://127.0.0.1:<port><readyPath> until it answers 200. */
  readyPath?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}

/**
 * Spawns `cmd`, which must listen on port 0 (LOOPBACK_ANY), and resolves once
 * it serves. Its stderr is drained as it comes: read it with log().
 */
export async function spawnServer(cmd: string[], opts: SpawnServerOptions): Promise<SpawnedServer> {
  const proc = Bun.spawn(dieWithTest(cmd), { cwd: opts.cwd, env: opts.env, stdin: "ignore", stdout: "ignore", stderr: "pipe" });
  const log = drain(proc.stderr);
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const ports = await listeningPorts(proc, { what: opts.what, count: opts.ports, timeoutMs, log });
  const base = `http://127.0.0.1:${ports[0]}`;
  if (opts.readyPath !== undefined) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let status = 0;
      try {
        const res = await fetch(`${base}${opts.readyPath}`);
        await res.arrayBuffer();
        status = res.status;
      } catch {
        // listening, but not answering yet
      }
      if (status === 200) break;
      if (proc.exitCode !== null || Date.now() > deadline) await failStart(proc, opts.what, `${opts.readyPath} answered ${status || "nothing"}`, log);
      await Bun.sleep(15);
    }
  }
  return {
    proc,
    ports,
    port: ports[0],
    base,
    stop: async (signal = "SIGTERM") => {
      proc.kill(signal);
      return await proc.exited;
    },
    log: () => log(proc.exitCode !== null || proc.signalCode !== null),
  };
}

/** Whether another socket holds `port` on 127.0.0.1 right now. */
function portTaken(port: number): boolean {
  try {
    Bun.serve({ hostname: "127.0.0.1", port, fetch: () => new Response() }).stop(true);
    return false;
  } catch {
    return true;
  }
}

const EPHEMERAL_RANGE_FILE = "/proc/sys/net/ipv4/ip_local_port_range";

/** The first port of the kernel's ephemeral range (32768 when it cannot be read). */
function ephemeralLow(): number {
  try {
    const low = Number.parseInt(readFileSync(EPHEMERAL_RANGE_FILE, "latin1").trim().split(/\s+/)[0], 10);
    return Number.isFinite(low) ? low : 32768;
  } catch {
    return 32768;
  }
}

/** A port free right now, below the ephemeral range when the range leaves room for one. */
export function candidatePort(): number {
  const high = ephemeralLow();
  const low = Math.max(1024, high - 12_000);
  if (high - low >= 1000) {
    for (let i = 0; i < 50; i++) {
      const port = low + Math.floor(Math.random() * (high - low));
      if (!portTaken(port)) return port;
    }
  }
  const s = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const port = s.port as number;
  s.stop(true);
  return port;
}

/**
 * For programs that cannot listen on port 0: runs `start(port)` on a
 * candidate port, and again on another when it failed because something else
 * took that port meanwhile. `start` must throw when the program did not start
 * (and clean up after itself).
 */
export async function onFreePort<T>(start: (port: number) => Promise<T>, attempts = 8): Promise<T> {
  for (let i = 1; ; i++) {
    const port = candidatePort();
    try {
      return await start(port);
    } catch (err) {
      if (i >= attempts || !(portTaken(port) || ADDRESS_IN_USE.test(String(err)))) throw err;
    }
  }
}

/** How redis-server, redis-sentinel, Go programs and Bun say that a bind failed on a taken port. */
const ADDRESS_IN_USE = /address already in use|EADDRINUSE|port \d+ in use/i;
