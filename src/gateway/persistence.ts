// Keeps the gateway's store on disk: loads it at start, writes it at most once
// per --persistence.interval after a change (0: after every change), and on
// shutdown. Writes survive a crash at any point: temp file in the same
// folder, fsync, rename over the target, fsync the folder. A file that cannot
// be read is moved aside (never overwritten) and the gateway starts empty.

import { existsSync, readFileSync, renameSync } from "node:fs";
import { open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Logger } from "../log/logger.ts";
import { decodeSnapshot, encodeSnapshot } from "./persistence-format.ts";
import type { GatewayStore, GroupSnapshot } from "./store.ts";

/** Writes bytes to path so that path holds either the old or the new content, even after a crash. */
export async function writeFileDurably(path: string, bytes: Uint8Array): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.tmp-${process.pid}-${crypto.randomUUID().slice(0, 8)}`);
  try {
    const fh = await open(tmp, "w", 0o644);
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw new Error(`writing persistence file ${path}: ${(err as Error).message}`, { cause: err });
  }
  // The rename is only durable once the folder's entry is on disk.
  const dh = await open(dir, "r");
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}

function compactTime(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
}

/** Moves a bad file aside as <file>.corrupt-<time>[-n]; returns the new name. */
export function keepAside(file: string, nowMs: number): string {
  const base = `${file}.corrupt-${compactTime(nowMs)}`;
  let target = base;
  for (let n = 1; existsSync(target); n++) target = `${base}-${n}`;
  renameSync(file, target);
  return target;
}

export interface LoadResult {
  groups: GroupSnapshot[];
  /** Set when the file was unreadable and moved aside. */
  movedTo?: string;
}

/** Reads the persistence file. Missing: empty. Unreadable or corrupt: moved aside, empty, logged as an error. */
export function loadPersistenceFile(file: string, logger: Logger, nowMs = Date.now()): LoadResult {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { groups: [] };
    return setAside(file, logger, nowMs, err as Error);
  }
  try {
    return { groups: decodeSnapshot(bytes) };
  } catch (err) {
    return setAside(file, logger, nowMs, err as Error);
  }
}

function setAside(file: string, logger: Logger, nowMs: number, cause: Error): LoadResult {
  let movedTo: string | undefined;
  try {
    movedTo = keepAside(file, nowMs);
  } catch (err) {
    logger.error("persistence file could not be read and could not be moved aside; starting empty, file left in place", {
      file,
      err: cause.message,
      move_err: (err as Error).message,
    });
    return { groups: [] };
  }
  logger.error("persistence file could not be read; kept aside, starting with an empty store", {
    file,
    kept_as: movedTo,
    err: cause.message,
  });
  return { groups: [], movedTo };
}

export interface PersisterOptions {
  file: string;
  /** Minimum time between writes in ms; 0 writes after every change. */
  intervalMs: number;
  logger: Logger;
  /** The store holds exactly what the file holds (it was just loaded from it); nothing to write yet. */
  clean?: boolean;
}

/** Schedules writes of a store to its persistence file. */
export class Persister {
  private persistedVersion: number;
  private lastWriteMs = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> | undefined;
  private stopped = false;
  private lastWriteFailed = false;

  constructor(
    private readonly store: GatewayStore,
    private readonly opts: PersisterOptions,
  ) {
    this.persistedVersion = opts.clean ? store.version : -1;
    store.onChange(() => this.schedule());
  }

  /** Whether the last write attempt failed. */
  get failed(): boolean {
    return this.lastWriteFailed;
  }

  /** Whether the store has changes not yet on disk. */
  get dirty(): boolean {
    return this.store.version !== this.persistedVersion;
  }

  private schedule(): void {
    if (this.stopped || this.timer !== undefined || this.writing) return;
    // After a failed write (full disk, missing folder) retry at most once a second.
    const interval = this.lastWriteFailed ? Math.max(this.opts.intervalMs, 1000) : this.opts.intervalMs;
    const wait = Math.max(0, this.lastWriteMs + interval - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.writeNow();
    }, wait);
    // The listeners keep a gateway alive; a pending write alone should not.
    this.timer.unref?.();
  }

  /** Writes the current state if it changed since the last write. */
  async writeNow(): Promise<void> {
    while (this.writing) await this.writing;
    if (!this.dirty) return;
    const version = this.store.version;
    const bytes = encodeSnapshot(this.store.snapshot());
    this.writing = writeFileDurably(this.opts.file, bytes).then(
      () => {
        this.persistedVersion = version;
        this.lastWriteFailed = false;
        this.opts.logger.debug("metrics persisted", { file: this.opts.file });
      },
      (err: Error) => {
        this.lastWriteFailed = true;
        this.opts.logger.error("error persisting metrics", { file: this.opts.file, err: err.message });
      },
    );
    try {
      await this.writing;
    } finally {
      this.writing = undefined;
      this.lastWriteMs = Date.now();
    }
    // Changes that arrived during the write get their own turn.
    if (this.dirty) this.schedule();
  }

  /** Stops scheduling and writes what is left. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.writeNow();
  }
}
