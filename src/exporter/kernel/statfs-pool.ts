// A small pool of worker threads doing statfs(2). A call on a dead mount
// blocks its worker in the kernel, possibly for good; the pool then counts
// that worker as hung, starts another for the remaining calls, and lets the
// hung one rejoin (or exit, if the pool is full again) when the kernel
// finally answers.

import { type FsStats, StatfsError } from "./statfs.ts";

/** What the filesystem collector needs; tests inject their own. */
export interface StatfsProvider {
  /** Resolves with the mount's statistics, rejects with StatfsError for an errno. May never settle. */
  statfs(path: string): Promise<FsStats>;
}

/** The part of a Worker the pool uses, so tests can drive it with fakes. */
export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

interface Request {
  id: number;
  path: string;
  resolve: (s: FsStats) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: WorkerLike;
  current?: Request;
  hung: boolean;
  hungTimer?: unknown;
}

type WorkerReply = { id: number; stats: FsStats } | { id: number; errno: number; message: string };

/** setTimeout/clearTimeout, injectable so tests can drive time by hand. */
export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set(fn, ms) {
    const t = setTimeout(fn, ms);
    // A pending timer must not keep the process alive on its own.
    (t as { unref?: () => void }).unref?.();
    return t;
  },
  clear: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
};

export interface StatfsPoolOptions {
  /** Most workers serving calls at once (hung ones not counted); at least 1. */
  maxWorkers: number;
  /** A worker busy this long on one call is counted as hung. */
  hungAfterMs: number;
  spawn?: () => WorkerLike;
  timers?: Timers;
}

// Calls take microseconds, so one worker nearly always suffices; a second
// starts only when a call has waited this long for a free one.
const GROW_AFTER_MS = 20;

/**
 * Where the worker's code is. From source, beside this file. In a binary
 * from compile.ts, which bundles it as a second entrypoint under the common
 * root src/, it is embedded as exporter/kernel/statfs-worker.js next to
 * the main module (the bundler does not rewrite the URL below for us).
 */
export function statfsWorkerUrl(moduleUrl: string = import.meta.url): URL {
  if (moduleUrl.startsWith("file:///$bunfs/") || moduleUrl.startsWith("file:///B:/~BUN/")) {
    return new URL("./exporter/kernel/statfs-worker.js", moduleUrl);
  }
  return new URL("./statfs-worker.ts", moduleUrl);
}

export function spawnStatfsWorker(): WorkerLike {
  const w = new Worker(statfsWorkerUrl());
  // Idle workers must not keep the process alive.
  w.unref();
  return w as unknown as WorkerLike;
}

export class StatfsPool implements StatfsProvider {
  private readonly slots: Slot[] = [];
  private readonly queue: Request[] = [];
  private nextId = 1;
  private growTimer?: unknown;
  private readonly maxWorkers: number;
  private readonly spawn: () => WorkerLike;
  private readonly timers: Timers;

  constructor(private readonly opts: StatfsPoolOptions) {
    this.maxWorkers = Math.max(1, Math.floor(opts.maxWorkers));
    this.spawn = opts.spawn ?? spawnStatfsWorker;
    this.timers = opts.timers ?? realTimers;
  }

  statfs(path: string): Promise<FsStats> {
    return new Promise<FsStats>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, path, resolve, reject });
      this.pump();
    });
  }

  /** Workers serving calls, hung ones excluded. */
  get liveWorkers(): number {
    return this.slots.filter((s) => !s.hung).length;
  }

  get hungWorkers(): number {
    return this.slots.filter((s) => s.hung).length;
  }

  close(): void {
    this.timers.clear(this.growTimer);
    for (const s of this.slots) {
      this.timers.clear(s.hungTimer);
      s.worker.terminate();
    }
    this.slots.length = 0;
    for (const r of this.queue.splice(0)) r.reject(new Error("statfs pool closed"));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.hung && !s.current);
      if (!slot && this.liveWorkers === 0) slot = this.addWorker();
      if (!slot) break;
      this.dispatch(slot, this.queue.shift() as Request);
    }
    if (this.queue.length > 0 && this.growTimer === undefined) {
      this.growTimer = this.timers.set(() => {
        this.growTimer = undefined;
        if (this.queue.length > 0 && this.liveWorkers < this.maxWorkers) this.addWorker();
        this.pump();
      }, GROW_AFTER_MS);
    }
  }

  private addWorker(): Slot {
    const slot: Slot = { worker: this.spawn(), hung: false };
    slot.worker.onmessage = (e) => this.onReply(slot, e.data as WorkerReply);
    slot.worker.onerror = (e) => this.onWorkerError(slot, e);
    this.slots.push(slot);
    return slot;
  }

  private dispatch(slot: Slot, req: Request): void {
    slot.current = req;
    slot.worker.postMessage({ id: req.id, path: req.path });
    slot.hungTimer = this.timers.set(() => {
      if (slot.current !== req) return;
      slot.hung = true;
      // A worker for the calls still waiting, if the hung one was needed.
      this.pump();
      if (this.queue.length > 0 && this.liveWorkers < this.maxWorkers) {
        this.addWorker();
        this.pump();
      }
    }, this.opts.hungAfterMs);
  }

  private onReply(slot: Slot, reply: WorkerReply): void {
    const req = slot.current;
    this.timers.clear(slot.hungTimer);
    slot.current = undefined;
    if (req && req.id === reply.id) {
      if ("stats" in reply) req.resolve(reply.stats);
      else if (reply.errno >= 0) req.reject(new StatfsError(reply.errno, reply.message));
      else req.reject(new Error(`statfs worker: ${reply.message}`));
    }
    if (slot.hung) {
      slot.hung = false;
      // Recovered: rejoin if there is room, else leave.
      if (this.liveWorkers > this.maxWorkers) this.removeSlot(slot);
    }
    this.pump();
  }

  private onWorkerError(slot: Slot, e: ErrorEvent): void {
    this.timers.clear(slot.hungTimer);
    this.removeSlot(slot);
    const err = new Error(`statfs worker failed: ${e.message}`);
    slot.current?.reject(err);
    // Without a working worker nothing can be served: fail what waits rather than retry forever.
    if (this.liveWorkers === 0) for (const r of this.queue.splice(0)) r.reject(err);
    this.pump();
  }

  private removeSlot(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i !== -1) this.slots.splice(i, 1);
    slot.worker.terminate();
  }
}
