// Keeps the gateway's store on disk: loads it at start, writes it at most once
// per --persistence.interval after a change (0: after every change), and on
// shutdown. Writes survive a crash at any point: temp file in the same
// folder, fsync, rename over the target, fsync the folder. A file that cannot
// be decoded is moved aside (never overwritten) and the gateway starts empty;
// a path that is not a regular file, or whose folder cannot take the file, is
// refused at start (checkPersistencePath) and never touched.

import {
  closeSync,
  constants,
  accessSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  lstatSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
} from "node:fs";
import { open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Logger } from "../telemetry/logger.ts";
import { MAGIC, decodeSnapshot, encodeSnapshot } from "./persistence-format.ts";
import { decodePushgatewayFile } from "./pushgateway-import.ts";
import type { GroupSnapshot } from "./store/snapshot.ts";
import type { GatewayStore } from "./store/state.ts";

export class PersistencePathError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PersistencePathError";
  }
}

function errnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ?? e.message;
}

/**
 * Checks at start that --persistence.file names a regular file (or nothing
 * yet) in an existing folder this process may write to. Anything else (a
 * directory, a device, a FIFO, a dangling symlink, a missing or read-only
 * folder, an unreadable file) throws PersistencePathError naming the path and
 * why, before anything is read, moved or written. A symlink to a regular file
 * is followed: the returned path is its target, so writes (temp file, rename)
 * replace the target and the link stays.
 */
export function checkPersistencePath(file: string): string {
  const refuse = (why: string, cause?: unknown): never => {
    throw new PersistencePathError(`persistence file ${file}: ${why}`, { cause });
  };
  let target = file;
  let exists = false;
  try {
    const l = lstatSync(file);
    exists = true;
    if (l.isSymbolicLink()) {
      try {
        target = realpathSync(file);
      } catch (err) {
        refuse(`is a symlink to a missing or unreachable file (${errnoText(err)})`, err);
      }
    }
    const st = l.isSymbolicLink() ? statSync(target) : l;
    if (st.isDirectory()) refuse(`${target === file ? "is" : `is a symlink to ${target}, which is`} a directory, not a file`);
    if (!st.isFile()) refuse(`${target === file ? "is" : `is a symlink to ${target}, which is`} not a regular file (device, socket or FIFO)`);
  } catch (err) {
    if (err instanceof PersistencePathError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    // ENOTDIR: a part of the folder path is a file; the folder check below names it.
    if (code !== "ENOENT" && code !== "ENOTDIR") refuse(`cannot be examined (${errnoText(err)})`, err);
  }
  const dir = dirname(target);
  try {
    if (!statSync(dir).isDirectory()) refuse(`its folder ${dir} is not a directory`);
  } catch (err) {
    if (err instanceof PersistencePathError) throw err;
    refuse(`its folder ${dir} does not exist or cannot be reached (${errnoText(err)})`, err);
  }
  try {
    // Writing means creating a temp file in the folder and renaming it.
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (err) {
    refuse(`its folder ${dir} is not writable by this process (${errnoText(err)})`, err);
  }
  if (exists) {
    try {
      accessSync(target, constants.R_OK);
    } catch (err) {
      refuse(`cannot be read by this process (${errnoText(err)})`, err);
    }
  }
  return target;
}

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
  /** Size of the file read; 0 when there was none. */
  bytes?: number;
  /** Set when the file was unreadable and moved aside. */
  movedTo?: string;
  /** Set when the file was Pushgateway's: where its untouched copy is. The caller should write mon's format at once. */
  importedCopy?: string;
}

/**
 * Reads the persistence file (checkPersistencePath first). Missing: empty.
 * A regular file that does not decode: moved aside, empty, logged as an
 * error. A file that cannot be read at all is an error for the caller: it
 * may be fine, so it is never moved.
 */
export function loadPersistenceFile(file: string, logger: Logger, nowMs = Date.now()): LoadResult {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { groups: [] };
    throw new PersistencePathError(`persistence file ${file}: cannot be read (${errnoText(err)})`, { cause: err });
  }
  try {
    return { groups: decodeSnapshot(bytes), bytes: bytes.length };
  } catch (err) {
    if (startsWithMagic(bytes)) return setAside(file, logger, nowMs, err as Error);
    // Not mon's: a Pushgateway's file, when mon replaces one?
    let groups: GroupSnapshot[];
    try {
      groups = decodePushgatewayFile(bytes, nowMs);
    } catch (gobErr) {
      const both = new Error(`${(err as Error).message}; not a Pushgateway persistence file either: ${(gobErr as Error).message}`);
      return setAside(file, logger, nowMs, both);
    }
    const importedCopy = keepCopy(file, `${file}.pushgateway-${compactTime(nowMs)}`);
    logger.info("read a Pushgateway persistence file; the original is kept, mon's format is written from now on", {
      file,
      groups: groups.length,
      kept_as: importedCopy,
    });
    return { groups, bytes: bytes.length, importedCopy };
  }
}

function startsWithMagic(bytes: Uint8Array): boolean {
  return new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) === MAGIC;
}

/** Copies file to a new name (-n appended if taken), fsynced, and returns the name. */
function keepCopy(file: string, base: string): string {
  let target = base;
  for (let n = 1; existsSync(target); n++) target = `${base}-${n}`;
  copyFileSync(file, target, constants.COPYFILE_EXCL);
  const fd = openSync(target, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return target;
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
  /** Size of the file as loaded, for the health metrics until the first write. */
  fileBytes?: number;
  /** Unix ms; defaults to Date.now. */
  now?: () => number;
}

/** What the gateway tells about its persistence on /metrics, so that an alert can fire. */
export interface PersistenceHealth {
  /** Unix ms of the last time the file was known to hold the store: a write, or a clean load. 0: never. */
  lastSuccessMs: number;
  /** Writes that failed since start. */
  failures: number;
  /** Size of the file after the last write (or as loaded). */
  fileBytes: number;
}

/** Schedules writes of a store to its persistence file. */
export class Persister {
  private persistedVersion: number;
  private lastWriteMs = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> | undefined;
  private stopped = false;
  private lastWriteFailed = false;
  private readonly now: () => number;
  readonly health: PersistenceHealth;

  constructor(
    private readonly store: GatewayStore,
    private readonly opts: PersisterOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.persistedVersion = opts.clean ? store.version : -1;
    this.health = { lastSuccessMs: opts.clean ? this.now() : 0, failures: 0, fileBytes: opts.fileBytes ?? 0 };
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
        this.health.lastSuccessMs = this.now();
        this.health.fileBytes = bytes.length;
        this.opts.logger.debug("metrics persisted", { file: this.opts.file });
      },
      (err: Error) => {
        this.lastWriteFailed = true;
        this.health.failures++;
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
