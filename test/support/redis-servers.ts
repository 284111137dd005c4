// Real redis-server and redis-sentinel processes for the cluster tests, on
// loopback ports, each with its own temporary folder; and gateway replicas
// (dist/mon gateway --store.redis.url) pointed at them.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import Redis from "ioredis";
import { programMissing } from "./requirements.ts";
import { LOOPBACK_ANY, type SpawnedServer, dieWithTest, listeningPorts, onFreePort, spawnServer } from "./server-port.ts";
import { MON_BINARY, binaryPresent } from "./spawn-mon.ts";

// REDIS_SERVER / REDIS_SENTINEL run the same tests against another build, e.g.
// Valkey's valkey-server / valkey-sentinel or an older Redis (README, "Run
// several gateways"); the default is Debian's packages, which CI installs.
export const REDIS_SERVER = process.env.REDIS_SERVER ?? "/usr/bin/redis-server";
export const REDIS_SENTINEL = process.env.REDIS_SENTINEL ?? "/usr/bin/redis-sentinel";

/** How to get the program at `path`: the package for the default, the variable when one overrode it. */
function installHint(variable: "REDIS_SERVER" | "REDIS_SENTINEL", pkg: string): string {
  return process.env[variable] === undefined ? `apt-get install ${pkg}` : `set by ${variable}`;
}

/** Why the cluster tests cannot run here, or undefined. */
export function clusterTestsMissing(sentinel = false): string | undefined {
  return (
    programMissing(REDIS_SERVER, installHint("REDIS_SERVER", "redis-server")) ??
    (sentinel ? programMissing(REDIS_SENTINEL, installHint("REDIS_SENTINEL", "redis-sentinel")) : undefined) ??
    (binaryPresent() ? undefined : "dist/mon not built (npm run build)")
  );
}

export interface RedisUnderTest {
  port: number;
  url: string;
  dir: string;
  proc: Subprocess;
  /** A client for the test's own looks at the data. */
  client(): Redis;
  /** Ends the server with `signal` (SIGKILL: no chance to save anything). */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and folder (its AOF, if on, is loaded); `changes` override the options. */
  restart(changes?: RedisOptions): Promise<RedisUnderTest>;
  /** Kills it and removes its folder. */
  cleanup(): Promise<void>;
}

export interface RedisOptions {
  /** appendonly yes with appendfsync always: an acknowledged write survives a SIGKILL. */
  aof?: boolean;
  /** Port of a primary to replicate. */
  replicaOf?: number;
  dir?: string;
  /** requirepass. */
  password?: string;
  /** Serve TLS only (no plain port), with this certificate and key (PEM files). */
  tls?: { certFile: string; keyFile: string };
}

const clients: Redis[] = [];

function trackedClient(port: number, password?: string): Redis {
  const c = new Redis({ host: "127.0.0.1", port, password, lazyConnect: false, maxRetriesPerRequest: 3 });
  c.on("error", () => {});
  clients.push(c);
  return c;
}

function readLog(file: string): string {
  try {
    return readFileSync(file, "utf8").slice(-4000);
  } catch {
    return "(no log)";
  }
}

async function launchRedis(port: number, dir: string, opts: RedisOptions): Promise<Subprocess> {
  const args = [
    REDIS_SERVER,
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--dir",
    dir,
    "--save",
    "",
    "--appendonly",
    opts.aof ? "yes" : "no",
    "--appendfsync",
    "always",
    "--daemonize",
    "no",
    "--logfile",
    join(dir, "redis.log"),
    // Redis >= 7.0 and Valkey sync a new replica disklessly by default, after waiting 5 s for more
    // replicas to share the transfer: each test with a replica would wait that long for it.
    "--repl-diskless-sync-delay",
    "0",
  ];
  if (opts.replicaOf !== undefined) args.push("--replicaof", "127.0.0.1", String(opts.replicaOf));
  if (opts.password !== undefined) args.push("--requirepass", opts.password, "--masterauth", opts.password);
  if (opts.tls) {
    args[args.indexOf("--port") + 1] = "0";
    args.push("--tls-port", String(port), "--tls-cert-file", opts.tls.certFile, "--tls-key-file", opts.tls.keyFile);
    args.push("--tls-ca-cert-file", opts.tls.certFile, "--tls-auth-clients", "no");
  }
  const proc = Bun.spawn(dieWithTest(args), { stdin: "ignore", stdout: "ignore", stderr: "ignore" });
  await listeningPorts(proc, { what: `redis-server on ${port}`, log: async () => readLog(join(dir, "redis.log")) });
  return proc;
}

export async function startRedis(opts: RedisOptions = {}): Promise<RedisUnderTest> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), "mon-redis-"));
  return onFreePort(async (port) => wrapRedis(port, dir, await launchRedis(port, dir, opts), opts));
}

function wrapRedis(port: number, dir: string, proc: Subprocess, opts: RedisOptions): RedisUnderTest {
  const self: RedisUnderTest = {
    port,
    url: `${opts.tls ? "rediss" : "redis"}://127.0.0.1:${port}/0`,
    dir,
    proc,
    client: () => trackedClient(port, opts.password),
    kill: async (signal = "SIGKILL") => {
      proc.kill(signal);
      await proc.exited;
    },
    restart: async (changes = {}) => {
      const next = { ...opts, ...changes };
      return wrapRedis(port, dir, await launchRedis(port, dir, next), next);
    },
    cleanup: async () => {
      proc.kill("SIGKILL");
      await proc.exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return self;
}

export interface SentinelUnderTest {
  port: number;
  address: string;
  proc: Subprocess;
  /** What this Sentinel knows of "mymaster" (SENTINEL MASTER), as field -> value. */
  primaryView(): Promise<Record<string, string>>;
  cleanup(): Promise<void>;
}

export interface SentinelOptions {
  /** The Redis servers' requirepass (sentinel auth-pass). */
  redisPassword?: string;
  /** The Sentinel's own requirepass. */
  password?: string;
}

/** A Sentinel watching the primary at primaryPort as "mymaster", quick to fail over. */
export async function startSentinel(primaryPort: number, opts: SentinelOptions = {}): Promise<SentinelUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), "mon-sentinel-"));
  return onFreePort(async (port) => {
    const conf = join(dir, "sentinel.conf");
    writeFileSync(
      conf,
      [
        `port ${port}`,
        "bind 127.0.0.1",
        `dir ${dir}`,
        `sentinel monitor mymaster 127.0.0.1 ${primaryPort} 2`,
        "sentinel down-after-milliseconds mymaster 1000",
        "sentinel failover-timeout mymaster 10000",
        "sentinel parallel-syncs mymaster 1",
        ...(opts.redisPassword === undefined ? [] : [`sentinel auth-pass mymaster ${opts.redisPassword}`]),
        ...(opts.password === undefined ? [] : [`requirepass ${opts.password}`]),
        "",
      ].join("\n"),
    );
    const logFile = join(dir, "sentinel.log");
    const proc = Bun.spawn(dieWithTest([REDIS_SENTINEL, conf, "--logfile", logFile]), { stdin: "ignore", stdout: "ignore", stderr: "ignore" });
    await listeningPorts(proc, { what: `redis-sentinel on ${port}`, log: async () => readLog(logFile) });
    let client: Redis | undefined;
    return {
      port,
      address: `127.0.0.1:${port}`,
      proc,
      primaryView: async () => {
        client ??= trackedClient(port, opts.password);
        const flat = (await client.call("SENTINEL", "MASTER", "mymaster")) as string[];
        return Object.fromEntries(flat.flatMap((v, i) => (i % 2 === 0 ? [[v, flat[i + 1]]] : [])));
      },
      cleanup: async () => {
        proc.kill("SIGKILL");
        await proc.exited;
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
}

/** A gateway replica: dist/mon gateway on a kernel-picked port, ready (caught up) before this resolves. */
export function startReplica(args: string[], env?: Record<string, string | undefined>): Promise<SpawnedServer> {
  return spawnServer([MON_BINARY, "gateway", `--web.listen-address=${LOOPBACK_ANY}`, ...args], {
    what: "mon gateway replica",
    env: env === undefined ? undefined : { ...process.env, ...env },
    readyPath: "/-/ready",
    timeoutMs: 30_000,
  });
}

/** Closes every client handed out by RedisUnderTest.client(). */
export function closeRedisClients(): void {
  for (const c of clients.splice(0)) c.disconnect();
}

/** Polls `probe` until it returns a value `done` accepts, or throws after `timeoutMs` with the last value. */
export async function eventually<T>(probe: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 20_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastErr: unknown;
  for (;;) {
    try {
      last = await probe();
      if (done(last)) return last;
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what} not reached in ${timeoutMs} ms; last: ${lastErr ? String(lastErr) : JSON.stringify(last)?.slice(0, 500)}`);
    }
    await Bun.sleep(25);
  }
}

export const OPENSSL = "/usr/bin/openssl";

/** A self-signed certificate for 127.0.0.1 (it is its own CA), written into dir. */
export function selfSignedCertificate(dir: string): { certFile: string; keyFile: string } {
  const certFile = join(dir, "cert.pem");
  const keyFile = join(dir, "key.pem");
  const r = Bun.spawnSync(
    [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile, "-out", certFile, "-days", "2"]
      .concat(["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]),
    { stdout: "ignore", stderr: "pipe" },
  );
  if (r.exitCode !== 0) throw new Error(`openssl req failed: ${r.stderr.toString()}`);
  return { certFile, keyFile };
}
