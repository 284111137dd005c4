// The cluster's replicated, ordered log: a Redis Stream of encoded mutations
// (store/mutation-codec.ts). Every replica tails the stream and applies each
// entry in stream order, so all replicas hold the same state. A replica that
// receives a push appends it (XADD) and answers only once its own tail has
// applied that entry, with the verdict apply() gave there. The entry's ID
// (Redis server time) is the mutation's time, so push times agree.
//
// Keys, below --store.redis.key-prefix:
//   log            the stream; fields m (encoded mutation), o (origin: which
//                  waiting request on which replica, so it gets its verdict)
//   snapshot       hash: data (mon's persistence format), id (the last entry
//                  it covers), time (Unix ms when it was written)
//   snapshot-lock  held (SET NX PX) by the one replica writing a snapshot
//   trimmed        entries before this ID may be gone from the log
//
// A snapshot is written when the log holds --store.redis.snapshot-entries
// entries; the log is then trimmed to the previous snapshot's ID, not this
// one's, so a replica up to one snapshot behind never has to reload. A
// replica whose position was trimmed away (it lagged) or lost (a failover
// lost entries it had read) reloads from the snapshot and replays from there.

import type Redis from "ioredis";
import type { Logger } from "../../telemetry/logger.ts";
import { decodeSnapshot, encodeSnapshot } from "../persistence-format.ts";
import { type Mutation, type Verdict, decodeMutation, encodeMutation } from "../store/mutation-codec.ts";
import { LogUnavailableError, type MutationLog } from "../store/mutation-log.ts";
import type { GatewayStore } from "../store/state.ts";

/** Entries read per XREAD. */
const BATCH = 1000;
/** How long an XREAD waits for new entries before it looks around again. */
const BLOCK_MS = 1000;
/**
 * After a read that found entries but not a full batch, the next read waits
 * until this long after the previous one began: under a steady stream of
 * pushes each read then takes several entries. Writing a command to Redis
 * costs a replica more CPU than applying an entry, so without this a busy
 * replica spends most of its time asking for one entry at a time.
 */
const MIN_READ_INTERVAL_MS = 2;
const LOCK_TTL_MS = 60_000;
const MAINTENANCE_MS = 1000;
/** How soon a client that ioredis ended (not by stop()) is connected again: ioredis's own retries back off to 2 s. */
const RECONNECT_AFTER_END_MS = 200;

/**
 * The oldest server the log works on: it is trimmed with XTRIM MINID, new in
 * Redis 6.2. Valkey forked from Redis 7.2 and reports that compatibility level
 * in redis_version, as do other servers that speak the protocol.
 */
export const MINIMUM_REDIS_VERSION = "6.2.0";

/** Compares dotted version numbers part by part ("6.0.16" < "6.2.0"); a missing part counts as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split(".").map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** What the reply to INFO server says the server is: "Redis 7.0.15", "Valkey 8.0.1 (redis_version 7.2.4)". */
export function describeServer(info: string): { text: string; redisVersion: string | undefined } {
  const fields = new Map<string, string>();
  for (const line of info.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0 && !line.startsWith("#")) fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  const redisVersion = fields.get("redis_version");
  const valkeyVersion = fields.get("valkey_version");
  if (valkeyVersion !== undefined) {
    return { text: `Valkey ${valkeyVersion}${redisVersion ? ` (redis_version ${redisVersion})` : ""}`, redisVersion };
  }
  const name = fields.get("server_name");
  return { text: `${name && name !== "redis" ? name : "Redis"} ${redisVersion ?? "(version not given)"}`, redisVersion };
}

/**
 * Why the server that answered INFO server with `info` cannot hold the
 * log, or undefined when it can (or does not say its version: mon then
 * goes on, and a failed trim is logged).
 */
export function serverProblem(info: string, minimum = MINIMUM_REDIS_VERSION): string | undefined {
  const { text, redisVersion } = describeServer(info);
  if (redisVersion === undefined || compareVersions(redisVersion, minimum) >= 0) return undefined;
  return `the cluster store runs ${text}; mon needs Redis ${minimum} or later, or Valkey 7.2 or later (it trims the cluster log with XTRIM MINID)`;
}

// Deletes the lock only if this replica still holds it.
const RELEASE_LOCK = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;

export interface RedisLogOptions {
  store: GatewayStore;
  /** A new, not yet connected client; called twice (commands, and the blocking tail). */
  connect: () => Redis;
  keyPrefix: string;
  waitReplicas: number;
  /** How long WAIT waits for waitReplicas (--store.redis.wait-timeout). */
  waitTimeoutMs: number;
  /** How long a request waits for its own entry to come back applied (--store.redis.apply-timeout). */
  applyTimeoutMs: number;
  /** The Retry-After of a 503 (--store.redis.retry-after). */
  retryAfterSeconds: number;
  snapshotEntries: number;
  /** For messages: where the store is (never a password). */
  describe: string;
  logger: Logger;
  /** The oldest redis_version accepted; MINIMUM_REDIS_VERSION unless a test raises it to refuse a real server. */
  minimumRedisVersion?: string;
}

/** What the gateway's own metrics say about the cluster store. */
export interface StoreHealth {
  connected: boolean;
  /** Seconds since this replica last had applied the whole log; 0 while it has. */
  lagSeconds: number;
  /** When the newest snapshot was written (Unix ms); 0 if none yet. */
  lastSnapshotMs: number;
  /** The time part of the last applied entry's ID (Unix ms, Redis's clock); 0 before any. */
  appliedEntryMs: number;
}

interface Waiter {
  resolve(v: Verdict): void;
  reject(err: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/** Stream IDs are "ms-seq"; compares them numerically. */
export function compareStreamIds(a: string, b: string): number {
  const [am, as] = a.split("-").map(Number);
  const [bm, bs] = b.split("-").map(Number);
  return am !== bm ? am - bm : as - bs;
}

/**
 * Whether a failed command never left this replica. The rejection decides,
 * not the client's state read afterwards (a guess at what ioredis saw):
 * ioredis refuses a command it cannot write with "Stream isn't writeable"
 * (with auto-pipelining it looks at the socket only when the pipeline
 * leaves, a tick after the call; its check covers an ended write side too).
 * Any other failure that is not Redis's own error reply ("Connection is
 * closed.", the retry limit) came after the command was written: Redis may
 * have appended it.
 */
function neverSent(err: unknown): boolean {
  return (err as Error)?.message?.startsWith("Stream isn't writeable") === true;
}

/** Redis answered the command with an error: it did nothing. */
function refusedByRedis(err: unknown): boolean {
  return (err as Error)?.name === "ReplyError";
}

export class RedisLog implements MutationLog {
  private readonly cmd: Redis;
  private readonly tail: Redis;
  private readonly keys: { log: string; snapshot: string; lock: string; trimmed: string };
  private readonly origin = crypto.randomUUID();
  private seq = 0;
  private readonly waiters = new Map<string, Waiter>();
  /** The last entry applied; "0-0" before any. */
  private lastId = "0-0";
  /** False until the snapshot is loaded, and again when the replica must reload it. */
  private loaded = false;
  /** Check after a (re)connection that the entry at lastId still exists. */
  private verifyPosition = true;
  /** The log's last entry when this replica started; ready once it has applied it. */
  private startHead: string | undefined;
  private readyFlag = false;
  private caughtUp = false;
  private lastCaughtUpMs = Date.now();
  private lastSnapshotMs = 0;
  /** When the last read began (performance.now()), or 0 when the next may start at once. */
  private lastReadMs = 0;
  private appliedSinceMaintenance = 0;
  private maintaining = false;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private maintenanceTimer: ReturnType<typeof setInterval> | undefined;
  private wasConnected = false;
  private lastOutageLog = 0;
  /** False until the server the tail is connected to has been asked its version, and again after each reconnection. */
  private serverChecked = false;
  /** Why the server cannot hold the log (too old); set, the replica neither reads nor writes it. */
  private serverRefusal: string | undefined;

  constructor(private readonly opts: RedisLogOptions) {
    const p = opts.keyPrefix;
    this.keys = { log: `${p}log`, snapshot: `${p}snapshot`, lock: `${p}snapshot-lock`, trimmed: `${p}trimmed` };
    this.cmd = opts.connect();
    this.tail = opts.connect();
    for (const c of [this.cmd, this.tail]) {
      // ioredis reports every failed attempt as an 'error' event; the outage is logged once below.
      c.on("error", (err: Error) => this.noteOutage(err));
      c.on("ready", () => this.noteConnected());
      c.on("close", () => this.noteOutage(undefined));
    }
    this.tail.on("ready", () => {
      this.verifyPosition = true;
      // A reconnection may reach another server (a failover) or the same one upgraded.
      this.serverChecked = false;
    });
    // ioredis can give up on a client for good ("end") while reconnecting: with Sentinel, the
    // failover detector of the previous connection is still subscribed, and a +switch-master that
    // arrives while the client asks a Sentinel for the primary cancels that lookup; ioredis then
    // rejects connect() and sets "end", and nothing reconnects it. A tail left so stops following
    // the log (this replica falls behind for good); a command client refuses every push. Only
    // stop() may end a client here.
    for (const c of [this.cmd, this.tail]) {
      c.on("end", () => {
        if (this.stopped) return;
        setTimeout(() => {
          if (!this.stopped && c.status === "end") c.connect().catch(() => {});
        }, RECONNECT_AFTER_END_MS).unref?.();
      });
    }
  }

  /** Connects and starts tailing; returns at once (Redis may be down: the replica waits, not ready). */
  start(): void {
    for (const c of [this.cmd, this.tail]) c.connect().catch(() => {});
    this.loop = this.run();
    this.maintenanceTimer = setInterval(() => void this.maintain(), MAINTENANCE_MS);
    this.maintenanceTimer.unref?.();
  }

  /** True once the replica has applied everything the log held when it started. */
  get ready(): boolean {
    return this.readyFlag && this.serverRefusal === undefined;
  }

  get connected(): boolean {
    return this.cmd.status === "ready" && this.tail.status === "ready";
  }

  health(): StoreHealth {
    return {
      connected: this.connected,
      lagSeconds: this.caughtUp && this.connected ? 0 : Math.max(0, (Date.now() - this.lastCaughtUpMs) / 1000),
      lastSnapshotMs: this.lastSnapshotMs,
      appliedEntryMs: Number(this.lastId.slice(0, this.lastId.indexOf("-"))),
    };
  }

  async submit(m: Mutation): Promise<Verdict> {
    if (this.stopped || this.cmd.status !== "ready") throw this.unreachable();
    const retryAfter = this.opts.retryAfterSeconds;
    if (this.serverRefusal !== undefined) throw new LogUnavailableError(`${this.serverRefusal}; nothing was changed`, retryAfter);
    const origin = `${this.origin}:${++this.seq}`;
    const verdict = new Promise<Verdict>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(origin);
        reject(
          new LogUnavailableError(
            "the change is in the cluster log but this replica has not applied it yet (it is behind the log); it will take effect",
            retryAfter,
          ),
        );
      }, this.opts.applyTimeoutMs);
      this.waiters.set(origin, { resolve, reject, timer });
    });
    // A rejection that nobody awaits (the XADD failed first) must not surface as unhandled.
    verdict.catch(() => {});
    // XADD and WAIT are issued together, so that auto-pipelining writes them
    // in one pipeline on one connection: WAIT then counts the replicas that
    // have this XADD. Awaiting the XADD first would let the client reconnect
    // (to a newly promoted primary) in between, where WAIT counts replicas
    // that have everything this new connection wrote, which is nothing, and
    // an entry lost with the old primary would be acknowledged.
    const added = this.cmd.xadd(this.keys.log, "*", "m", Buffer.from(encodeMutation(m)), "o", origin);
    const confirmed = this.opts.waitReplicas > 0 ? this.cmd.wait(this.opts.waitReplicas, this.opts.waitTimeoutMs) : undefined;
    confirmed?.catch(() => {});
    try {
      await added;
    } catch (err) {
      this.dropWaiter(origin);
      if (neverSent(err)) throw this.unreachable(err);
      if (refusedByRedis(err)) {
        throw new LogUnavailableError(`the cluster store (${this.opts.describe}) refused the change, nothing was changed: ${(err as Error).message}`, retryAfter, {
          cause: err,
        });
      }
      throw new LogUnavailableError(
        `the cluster store (${this.opts.describe}) became unreachable after the change was sent (${(err as Error).message}); it may or may not take effect, retry it`,
        retryAfter,
        { cause: err },
      );
    }
    if (confirmed !== undefined) {
      let acked = 0;
      try {
        acked = await confirmed;
      } catch (err) {
        this.opts.logger.warn("WAIT for Redis replicas failed", { err: (err as Error).message });
      }
      if (acked < this.opts.waitReplicas) {
        this.dropWaiter(origin);
        throw new LogUnavailableError(
          `only ${acked} of ${this.opts.waitReplicas} Redis replicas confirmed the change within ${this.opts.waitTimeoutMs / 1000}s (--store.redis.wait-replicas); it may or may not take effect, retry it`,
          retryAfter,
        );
      }
    }
    return verdict;
  }

  private unreachable(cause?: unknown): LogUnavailableError {
    return new LogUnavailableError(`the cluster store (${this.opts.describe}) is unreachable; nothing was changed`, this.opts.retryAfterSeconds, {
      cause,
    });
  }

  /** Stops tailing and closes both connections; pending requests get 503. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.maintenanceTimer) clearInterval(this.maintenanceTimer);
    for (const [origin, w] of this.waiters) {
      this.dropWaiter(origin);
      w.reject(new LogUnavailableError("the gateway is shutting down", this.opts.retryAfterSeconds));
    }
    this.tail.disconnect();
    await this.loop;
    await this.cmd.quit().catch(() => this.cmd.disconnect());
  }

  // --- tailing --------------------------------------------------------------

  private async run(): Promise<void> {
    while (!this.stopped) {
      if (this.tail.status !== "ready") {
        // ioredis reconnects by itself and reports its failures as 'error' events.
        this.caughtUp = false;
        await Bun.sleep(100);
        continue;
      }
      try {
        if (!this.serverChecked) await this.checkServer();
        if (this.serverRefusal !== undefined) {
          this.caughtUp = false;
          await Bun.sleep(1000);
          continue;
        }
        if (!this.loaded) await this.loadSnapshot();
        else if (this.verifyPosition) await this.checkPosition();
        else await this.readBatch();
      } catch (err) {
        if (this.stopped) break;
        this.caughtUp = false;
        this.noteOutage(err as Error);
        await Bun.sleep(200);
      }
    }
  }

  /**
   * Asks the server its version before the log is touched: on Redis before
   * 6.2 every trim would fail and the stream would grow without bound, so
   * such a server is refused loudly (pushes get 503, the replica is not
   * ready) rather than used until its memory runs out.
   */
  private async checkServer(): Promise<void> {
    let problem: string | undefined;
    try {
      problem = serverProblem(await this.tail.info("server"), this.opts.minimumRedisVersion);
    } catch (err) {
      if (!refusedByRedis(err)) throw err;
      // INFO refused (an ACL without it, a proxy): mon cannot tell, and goes on.
      this.opts.logger.warn("cannot ask the cluster store its version; it must be Redis 6.2 or later, or Valkey 7.2 or later", {
        store: this.opts.describe,
        err: (err as Error).message,
      });
    }
    this.serverChecked = true;
    if (problem !== undefined && problem !== this.serverRefusal) {
      this.opts.logger.error(`${problem}; pushes get 503 and this replica is not ready until it is upgraded`, { store: this.opts.describe });
    } else if (problem === undefined && this.serverRefusal !== undefined) {
      this.opts.logger.info("the cluster store's version is supported now", { store: this.opts.describe });
    }
    this.serverRefusal = problem;
  }

  private async loadSnapshot(): Promise<void> {
    const [snap, head] = await Promise.all([
      this.tail.hgetallBuffer(this.keys.snapshot),
      this.tail.xrevrange(this.keys.log, "+", "-", "COUNT", 1),
    ]);
    let groups: ReturnType<typeof decodeSnapshot> = [];
    let id = "0-0";
    if (snap.data !== undefined && snap.id !== undefined) {
      groups = decodeSnapshot(snap.data);
      id = snap.id.toString();
      this.lastSnapshotMs = Number(snap.time?.toString() ?? 0);
    }
    const skipped = this.opts.store.replaceWith(groups);
    for (const err of skipped) this.opts.logger.error("snapshot group skipped: it conflicts with groups loaded before it", { err });
    this.lastId = id;
    this.loaded = true;
    this.verifyPosition = false;
    this.startHead ??= head.length > 0 ? head[0][0] : id;
    this.opts.logger.info("loaded the cluster snapshot", { groups: this.opts.store.size, covers: id, log_head: head[0]?.[0] ?? "empty" });
    this.checkReady();
  }

  private checkReady(): void {
    if (this.readyFlag || this.startHead === undefined || compareStreamIds(this.lastId, this.startHead) < 0) return;
    this.readyFlag = true;
    this.opts.logger.info("caught up with the cluster log; ready", { position: this.lastId, groups: this.opts.store.size });
  }

  /** After a reconnection: is the entry at lastId still there? If not (lost in a failover, or trimmed), reload. */
  private async checkPosition(): Promise<void> {
    this.verifyPosition = false;
    if (this.lastId === "0-0") return;
    const found = await this.tail.xrange(this.keys.log, this.lastId, this.lastId, "COUNT", 1);
    if (found.length > 0) return;
    const snapId = await this.tail.hget(this.keys.snapshot, "id");
    if (snapId === this.lastId) return;
    this.opts.logger.warn("this replica's position is no longer in the cluster log; reloading from the snapshot", { position: this.lastId });
    this.loaded = false;
  }

  private async readBatch(): Promise<void> {
    const wait = this.lastReadMs + MIN_READ_INTERVAL_MS - performance.now();
    if (wait > 0) await Bun.sleep(wait);
    this.lastReadMs = performance.now();
    const from = this.lastId;
    const results = await this.tail
      .pipeline()
      .xreadBuffer("COUNT", BATCH, "BLOCK", BLOCK_MS, "STREAMS", this.keys.log, from)
      .get(this.keys.trimmed)
      .exec();
    if (results === null) throw new Error("pipeline aborted");
    for (const [err] of results) if (err) throw err;
    const read = results[0][1] as [Buffer, [Buffer, Buffer[]][]][] | null;
    const trimmed = results[1][1] as string | null;
    // Read after the entries: if trimming passed our position, entries between may be gone.
    if (trimmed !== null && from !== "0-0" && compareStreamIds(trimmed, from) > 0) {
      this.opts.logger.warn("the cluster log was trimmed past this replica's position; reloading from the snapshot", { position: from, trimmed });
      this.loaded = false;
      return;
    }
    const entries = read?.[0]?.[1] ?? [];
    for (const [idBuf, fields] of entries) this.applyEntry(idBuf.toString(), fields);
    this.appliedSinceMaintenance += entries.length;
    // An empty read waited BLOCK_MS already; a full one has more to read at once.
    if (entries.length === 0 || entries.length === BATCH) this.lastReadMs = 0;
    if (entries.length < BATCH) {
      this.caughtUp = true;
      this.lastCaughtUpMs = Date.now();
    } else {
      this.caughtUp = false;
    }
    this.checkReady();
    if (this.opts.snapshotEntries > 0 && this.appliedSinceMaintenance >= Math.max(100, this.opts.snapshotEntries / 4)) {
      void this.maintain();
    }
  }

  private applyEntry(id: string, fields: Buffer[]): void {
    let data: Buffer | undefined;
    let origin: string | undefined;
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const name = fields[i].toString();
      if (name === "m") data = fields[i + 1];
      else if (name === "o") origin = fields[i + 1].toString();
    }
    this.lastId = id;
    let verdict: Verdict;
    try {
      if (data === undefined) throw new Error("entry has no field m");
      const m = decodeMutation(data);
      // The entry's ID is the Redis server's time when it was appended: the same on every replica.
      m.atMs = Number(id.slice(0, id.indexOf("-")));
      verdict = this.opts.store.apply(m);
    } catch (err) {
      // Every replica skips the same entry the same way, so they stay equal.
      this.opts.logger.error("skipping a cluster log entry that cannot be applied", { id, err: (err as Error).message });
      verdict = { ok: false, error: `the cluster log entry could not be applied: ${(err as Error).message}` };
    }
    if (origin === undefined) return;
    const w = this.waiters.get(origin);
    if (w === undefined) return;
    this.dropWaiter(origin);
    w.resolve(verdict);
  }

  private dropWaiter(origin: string): void {
    const w = this.waiters.get(origin);
    if (w === undefined) return;
    clearTimeout(w.timer);
    this.waiters.delete(origin);
  }

  // --- snapshots ------------------------------------------------------------

  /** Looks at the log's length and the newest snapshot; writes a snapshot when the log is long. */
  private async maintain(): Promise<void> {
    if (this.maintaining || this.stopped || !this.readyFlag || this.cmd.status !== "ready" || this.serverRefusal !== undefined) return;
    this.maintaining = true;
    this.appliedSinceMaintenance = 0;
    try {
      const [length, time] = await Promise.all([this.cmd.xlen(this.keys.log), this.cmd.hget(this.keys.snapshot, "time")]);
      if (time !== null) this.lastSnapshotMs = Math.max(this.lastSnapshotMs, Number(time));
      if (this.opts.snapshotEntries > 0 && length >= this.opts.snapshotEntries) await this.writeSnapshot();
    } catch (err) {
      this.opts.logger.debug("cluster log maintenance failed", { err: (err as Error).message });
    } finally {
      this.maintaining = false;
    }
  }

  private async writeSnapshot(): Promise<void> {
    const token = `${this.origin}:${Date.now()}`;
    if ((await this.cmd.set(this.keys.lock, token, "PX", LOCK_TTL_MS, "NX")) !== "OK") return;
    try {
      // Another replica may have just written one and trimmed.
      if ((await this.cmd.xlen(this.keys.log)) < this.opts.snapshotEntries) return;
      const previous = await this.cmd.hget(this.keys.snapshot, "id");
      // State and position read together, with no entry applied in between.
      const id = this.lastId;
      if (previous !== null && compareStreamIds(id, previous) < 0) return;
      let trimTo = previous;
      if (previous === id) {
        // The snapshot is current (the log went quiet after it): nothing before it needs keeping.
        trimTo = id;
      } else {
        const data = Buffer.from(encodeSnapshot(this.opts.store.snapshot()));
        const now = Date.now();
        await this.cmd.hset(this.keys.snapshot, "data", data, "id", id, "time", String(now));
        this.lastSnapshotMs = now;
        this.opts.logger.debug("wrote a cluster snapshot", { covers: id, bytes: data.length, trimming_to: previous ?? "nothing" });
      }
      if (trimTo !== null) {
        // Announce the trim before doing it: a tail that reads after the trim then sees the announcement.
        await this.cmd.set(this.keys.trimmed, trimTo);
        await this.cmd.xtrim(this.keys.log, "MINID", trimTo);
      }
    } finally {
      await this.cmd.eval(RELEASE_LOCK, 1, this.keys.lock, token).catch(() => {});
    }
  }

  // --- connection state -----------------------------------------------------

  private noteConnected(): void {
    if (!this.connected || this.wasConnected) return;
    this.wasConnected = true;
    this.opts.logger.info("connected to the cluster store", { store: this.opts.describe });
  }

  private noteOutage(err: Error | undefined): void {
    if (this.stopped) return;
    const now = Date.now();
    if (this.wasConnected) {
      this.wasConnected = false;
      this.lastOutageLog = now;
      this.opts.logger.error("lost the connection to the cluster store; pushes get 503 until it is back", {
        store: this.opts.describe,
        err: err?.message ?? "connection closed",
      });
    } else if (now - this.lastOutageLog > 60_000) {
      this.lastOutageLog = now;
      this.opts.logger.error("cannot reach the cluster store; retrying", { store: this.opts.describe, err: err?.message ?? "connection closed" });
    }
  }
}
