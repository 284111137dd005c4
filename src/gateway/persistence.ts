// Keeps the gateway's store on disk: a snapshot (<file>, persistence-format.ts)
// and an append-only log beside it (<file>.log-<n>, persistence-log.ts) of
// every mutation applied since, encoded as the cluster's Redis stream
// carries them.
//
// Group commit: a change is queued as a record when the store applies it;
// one writer appends everything queued in one write, then fdatasyncs (with
// --persistence.interval=0), while the next changes queue behind it. A
// request is answered only once its record (and every record before it) is
// written and, with interval 0, on disk; with an interval the log is
// fdatasynced at least that often.
//
// Compaction: once the logs outgrow the snapshot (and a floor), the writer
// starts log n+1 at a point between two records, the store's state at that
// point is captured (synchronously: plain data) and encoded and written in
// the background as a new snapshot saying "logs from n+1 on follow me"
// (temp file, fsync, rename, fsync of the folder); only then are the logs
// before n+1 deleted. A crash at any step leaves a snapshot and the logs that
// follow it: start-up loads the snapshot and replays every log from its
// generation on, in order. A graceful stop writes a last snapshot and
// removes the logs.
//
// A snapshot that cannot be decoded is moved aside (never overwritten) and
// the gateway starts from the logs alone; a log whose header is not mon's
// is copied aside and skipped; a torn tail (a crash mid-write: never
// acknowledged) is dropped; damage in the middle of a log costs only the
// damaged records, and a copy of that log is kept aside. A path that is not
// a regular file, or whose folder cannot take the file, is refused at start
// (checkPersistencePath) and never touched.

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
  readdirSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
} from "node:fs";
import { type FileHandle, open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Logger } from "../telemetry/logger.ts";
import { MAGIC, decodeSnapshotFile, encodeSnapshotInPieces } from "./persistence-format.ts";
import { LOG_HEADER_SIZE, LogFormatError, encodeLogHeader, encodeRecord, readLog } from "./persistence-log.ts";
import { decodePushgatewayFile } from "./pushgateway-import.ts";
import { type Mutation, type Verdict, decodeMutation, encodeMutation } from "./store/mutation-codec.ts";
import { LogUnavailableError, type MutationLog } from "./store/mutation-log.ts";
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

/** Writes all of bytes at position (at the file's current offset when null). */
async function writeAll(fh: FileHandle, bytes: Uint8Array, position: number | null = null): Promise<void> {
  for (let done = 0; done < bytes.length; ) {
    const { bytesWritten } = await fh.write(bytes, done, bytes.length - done, position === null ? null : position + done);
    done += bytesWritten;
  }
}

/** Makes the folder's entries (a created, renamed or removed file) durable. */
async function syncFolder(dir: string): Promise<void> {
  const dh = await open(dir, "r");
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}

/** Writes bytes (in pieces) to path so that path holds either the old or the new content, even after a crash. */
export async function writeFileDurably(path: string, bytes: Uint8Array | readonly Uint8Array[]): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.tmp-${process.pid}-${crypto.randomUUID().slice(0, 8)}`);
  try {
    const fh = await open(tmp, "w", 0o644);
    try {
      for (const piece of bytes instanceof Uint8Array ? [bytes] : bytes) await writeAll(fh, piece);
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
  await syncFolder(dir);
}

function compactTime(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
}

/** Moves a bad file aside as <file>.corrupt-<time>[-n]; returns the new name. */
export function keepAside(file: string, nowMs: number): string {
  const target = freeName(`${file}.corrupt-${compactTime(nowMs)}`);
  renameSync(file, target);
  return target;
}

/** base, or base-1, base-2, ... whichever does not exist yet. */
function freeName(base: string): string {
  let target = base;
  for (let n = 1; existsSync(target); n++) target = `${base}-${n}`;
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
  /** The first log generation the snapshot does not hold; undefined for a file written before the log. */
  logGeneration?: number;
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
    return { ...decodeSnapshotFile(bytes), bytes: bytes.length };
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
export function keepCopy(file: string, base: string): string {
  const target = freeName(base);
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


// --- the log ------------------------------------------------------------------

/** The log of generation n beside the snapshot. */
export function logPath(file: string, generation: number): string {
  return `${file}.log-${generation}`;
}

/** The logs beside file, oldest generation first. */
export function listLogs(file: string): { generation: number; path: string }[] {
  const prefix = `${basename(file)}.log-`;
  const out: { generation: number; path: string }[] = [];
  for (const name of readdirSync(dirname(file))) {
    if (!name.startsWith(prefix)) continue;
    const n = name.slice(prefix.length);
    if (/^[0-9]{1,9}$/.test(n)) out.push({ generation: Number(n), path: join(dirname(file), name) });
  }
  return out.sort((a, b) => a.generation - b.generation);
}

export interface ReplayResult {
  /** Records applied. */
  records: number;
  /** Generation -> size of each log that was read (or found covered): what the next snapshot makes obsolete. */
  logs: Map<number, number>;
  /** The highest generation found beside the file, covered or not; 0 when none. */
  highestGeneration: number;
  /** Copies kept of damaged logs. */
  keptCopies: string[];
}

/**
 * Applies the logs beside file with generation >= from to store, in order.
 * Logs before from are held by the snapshot already and are deleted.
 */
export function replayLogs(store: GatewayStore, file: string, from: number, logger: Logger, nowMs: number): ReplayResult {
  const result: ReplayResult = { records: 0, logs: new Map(), highestGeneration: 0, keptCopies: [] };
  for (const { generation, path } of listLogs(file)) {
    result.highestGeneration = Math.max(result.highestGeneration, generation);
    if (generation < from) {
      // A crash came between writing the snapshot that holds it and deleting it.
      try {
        unlinkSync(path);
      } catch (err) {
        result.logs.set(generation, 0);
        logger.warn("could not remove a log the snapshot already holds", { file: path, err: errnoText(err) });
      }
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch (err) {
      throw new PersistencePathError(`persistence log ${path}: cannot be read (${errnoText(err)})`, { cause: err });
    }
    result.logs.set(generation, bytes.length);
    const keep = (why: string, fields: Record<string, unknown>) => {
      const copy = keepCopy(path, `${path}.corrupt-${compactTime(nowMs)}`);
      result.keptCopies.push(copy);
      logger.error(why, { file: path, kept_as: copy, ...fields });
    };
    let contents: ReturnType<typeof readLog>;
    try {
      contents = readLog(bytes);
      if (contents.generation !== undefined && contents.generation !== generation) {
        throw new LogFormatError(`header says generation ${contents.generation}, the name ${generation}`);
      }
    } catch (err) {
      if (!(err instanceof LogFormatError)) throw err;
      keep("persistence log could not be read; a copy is kept aside and its records are not loaded", { err: err.message });
      continue;
    }
    result.logs.set(generation, bytes.length - contents.reservedBytes);
    let undecodable = 0;
    let firstError = "";
    for (const record of contents.records) {
      let m: Mutation;
      try {
        m = decodeMutation(record);
      } catch (err) {
        undecodable++;
        firstError ||= (err as Error).message;
        continue;
      }
      store.apply(m);
      result.records++;
    }
    if (contents.tornBytes > 0) {
      logger.warn("dropped an incomplete record at the end of the persistence log (a crash while it was written; it was never acknowledged)", {
        file: path,
        offset: contents.validEnd,
        bytes: contents.tornBytes,
      });
    }
    if (contents.damaged.length > 0 || undecodable > 0) {
      const ranges = contents.damaged.map((d) => `${d.from}-${d.to}`).join(" ");
      keep("persistence log is damaged in the middle; the damaged records are skipped, the rest is loaded, a copy is kept aside", {
        damaged_bytes: ranges || undefined,
        undecodable_records: undecodable || undefined,
        err: firstError || undefined,
      });
    }
  }
  return result;
}

// --- the writer ---------------------------------------------------------------

/**
 * A log file is filled with zeros ahead of its records, this much at a time:
 * an fdatasync after a write within the file's size has no size change to
 * journal, which makes it about a third faster on ext4 (measured: 100-125
 * against 136-175 µs). Readers take zeros after the last record as the end.
 */
const LOG_RESERVE_BYTES = 4 << 20;
/** "wx" with O_DSYNC, for the log of --persistence.interval=0. */
const LOG_DSYNC_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_DSYNC;
const ZEROS = new Uint8Array(1 << 20);
/** With an interval, a failed write is retried this often at least (full disk, missing folder). */
const REPAIR_MS = 1000;
/** After a failed compaction, the next waits this long. */
const COMPACTION_RETRY_MS = 10_000;
/** The logs are compacted once they exceed the snapshot's size and this. */
export const COMPACT_MIN_BYTES = 8 << 20;
const RETRY_AFTER_SECONDS = 1;

export interface PersisterOptions {
  file: string;
  /** 0: a change is acknowledged once on disk. Else: once written; the log is fdatasynced at least this often (ms). */
  intervalMs: number;
  logger: Logger;
  /** Unix ms; defaults to Date.now. */
  now?: () => number;
  /** Compact once the logs exceed this and the snapshot's size; COMPACT_MIN_BYTES by default. */
  compactMinBytes?: number;
  /** Creates a log file (tests put a failing disk here). */
  createLog?: (path: string) => Promise<FileHandle>;
}

/** What the gateway tells about its persistence on /metrics, so that an alert can fire. */
export interface PersistenceHealth {
  /** Unix ms of the last time the files were known to hold the store: a write made durable, or a clean load. 0: never. */
  lastSuccessMs: number;
  /** Writes (log appends, fdatasyncs, snapshots) that failed since start. */
  failures: number;
  /** Size of the snapshot plus the logs on disk. */
  fileBytes: number;
}

/** Records for one log generation, in order; the first one of a compaction carries the state before them. */
interface Segment {
  generation: number;
  records: Uint8Array[];
  bytes: number;
  /** Sequence number of the last record queued in it. */
  lastSeq: number;
  /** The store's state before the first record of this generation, to write as a snapshot. */
  snapshot?: GroupSnapshot[];
  /** The snapshot must be on disk before this generation's log is written (after a failure: the old log may be torn). */
  snapshotFirst?: boolean;
}

interface Waiter {
  seq: number;
  resolve(): void;
  reject(err: Error): void;
}

interface PersisterState {
  /** The generation of the next log. */
  nextGeneration: number;
  snapshotBytes: number;
  /** Logs on disk the next snapshot makes obsolete, generation -> bytes. */
  logs: Map<number, number>;
  /** Unix ms of a clean load; 0 when the files do not hold the store yet. */
  lastSuccessMs: number;
}

/**
 * The single node's MutationLog: applies a mutation to the store and answers
 * once its record is durable as --persistence.interval promises.
 */
export class Persister implements MutationLog {
  private readonly durable: boolean;
  private readonly dir: string;
  private readonly now: () => number;
  private readonly compactMinBytes: number;
  private fh: FileHandle | undefined;
  private openGeneration = -1;
  /** Where the open log's next record goes, and how far it is filled with zeros. */
  private writeOffset = 0;
  private reservedTo = 0;
  private nextGeneration: number;
  /** Logs are opened O_DSYNC (each write on disk when it returns, no fdatasync after it): with interval 0, unless a test opens them. */
  private get logDsync(): boolean {
    return this.durable && !this.opts.createLog;
  }
  private snapshotBytes: number;
  private readonly logs: Map<number, number>;
  private segments: Segment[];
  private queuedSeq = 0;
  private writtenSeq = 0;
  private syncedSeq = 0;
  private waiters: Waiter[] = [];
  private flushing: Promise<void> | undefined;
  private compaction: Promise<void> | undefined;
  private compactionFailedMs = 0;
  private snapshotWrites: Promise<void> = Promise.resolve();
  /** The generation the snapshot on disk says follows it. */
  private snapshotGeneration = -1;
  private syncRequested = false;
  /** Set while the log cannot be written; cleared once a snapshot holds the store again. */
  private broken: Error | undefined;
  private repairTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly syncTimer: ReturnType<typeof setInterval> | undefined;
  private stopped = false;
  private lastFailed = false;
  private lastSuccessMs: number;
  private failures = 0;

  constructor(
    private readonly store: GatewayStore,
    private readonly opts: PersisterOptions,
    state: PersisterState,
  ) {
    this.durable = opts.intervalMs <= 0;
    this.dir = dirname(opts.file);
    this.now = opts.now ?? Date.now;
    this.compactMinBytes = opts.compactMinBytes ?? COMPACT_MIN_BYTES;
    this.nextGeneration = state.nextGeneration + 1;
    this.snapshotBytes = state.snapshotBytes;
    this.logs = state.logs;
    this.lastSuccessMs = state.lastSuccessMs;
    this.segments = [{ generation: state.nextGeneration, records: [], bytes: 0, lastSeq: 0 }];
    store.onChange((m) => {
      if (m) this.record(m);
    });
    if (!this.durable) {
      this.syncTimer = setInterval(() => {
        if (this.writtenSeq > this.syncedSeq) {
          this.syncRequested = true;
          this.kick();
        }
      }, opts.intervalMs);
      this.syncTimer.unref?.();
    }
  }

  get health(): PersistenceHealth {
    let fileBytes = this.snapshotBytes;
    for (const b of this.logs.values()) fileBytes += b;
    return { lastSuccessMs: this.lastSuccessMs, failures: this.failures, fileBytes };
  }

  /** Whether the last write attempt (the final snapshot, after stop) failed. */
  get failed(): boolean {
    return this.lastFailed;
  }

  async submit(m: Mutation): Promise<Verdict> {
    if (this.broken && this.durable) {
      throw new LogUnavailableError(
        `the persistence file cannot be written (${this.broken.message}); nothing was changed`,
        RETRY_AFTER_SECONDS,
      );
    }
    const verdict = this.store.apply(m);
    // Also when m changed nothing: what it saw must be on disk before it is answered.
    await this.settled(this.queuedSeq);
    return verdict;
  }

  /** Resolves once every record up to seq is written (and, with interval 0, on disk). */
  settled(seq: number): Promise<void> {
    if (seq <= (this.durable ? this.syncedSeq : this.writtenSeq) || (this.broken && !this.durable)) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ seq, resolve, reject }));
  }

  private release(): void {
    const reached = this.durable ? this.syncedSeq : this.writtenSeq;
    let i = 0;
    while (i < this.waiters.length && this.waiters[i].seq <= reached) this.waiters[i++].resolve();
    if (i > 0) this.waiters.splice(0, i);
  }

  private record(m: Mutation): void {
    const seg = this.segments.at(-1);
    // While broken and before the repair: the repair's snapshot will hold this change.
    if (!seg) return;
    const rec = encodeRecord(encodeMutation(m));
    seg.records.push(rec);
    seg.bytes += rec.length;
    seg.lastSeq = ++this.queuedSeq;
    this.kick();
  }

  private kick(): void {
    if (this.flushing === undefined) this.flushing = this.flush();
  }

  /** The one writer: drains the segments in order, one write (and fdatasync) per turn. */
  private async flush(): Promise<void> {
    try {
      for (;;) {
        const seg = this.segments[0];
        if (!seg) break;
        if (seg.generation !== this.openGeneration) await this.switchTo(seg);
        if (seg.records.length === 0 && !this.syncRequested) {
          if (this.segments.length === 1) break;
          this.segments.shift();
          continue;
        }
        await this.writeBatch(seg);
      }
    } catch (err) {
      this.fail(err as Error);
    }
    this.flushing = undefined;
  }

  private async writeBatch(seg: Segment): Promise<void> {
    const fh = this.fh as FileHandle;
    const { records, bytes, lastSeq } = seg;
    seg.records = [];
    seg.bytes = 0;
    if (records.length > 0) {
      try {
        await writeAll(fh, records.length === 1 ? records[0] : Buffer.concat(records, bytes), this.writeOffset);
        this.writeOffset += bytes;
        if (this.writeOffset > this.reservedTo) await this.reserve(fh);
      } catch (err) {
        throw new Error(`appending to persistence log ${logPath(this.opts.file, seg.generation)}: ${(err as Error).message}`, { cause: err });
      }
      this.writtenSeq = lastSeq;
      this.logs.set(seg.generation, (this.logs.get(seg.generation) ?? 0) + bytes);
    }
    if (this.durable || this.syncRequested) {
      this.syncRequested = false;
      const upTo = this.writtenSeq;
      try {
        if (!this.logDsync) await fh.datasync();
      } catch (err) {
        throw new Error(`fdatasync of persistence log ${logPath(this.opts.file, seg.generation)}: ${(err as Error).message}`, { cause: err });
      }
      this.syncedSeq = upTo;
      this.lastSuccessMs = this.now();
    }
    this.release();
    this.compactIfDue();
  }

  /** Fills the open log with zeros from its end to the next LOG_RESERVE_BYTES boundary (made durable by the next fdatasync). */
  private async reserve(fh: FileHandle): Promise<void> {
    const from = Math.max(this.writeOffset, this.reservedTo);
    const to = (Math.floor(from / LOG_RESERVE_BYTES) + 1) * LOG_RESERVE_BYTES;
    for (let at = from; at < to; at += ZEROS.length) await writeAll(fh, ZEROS.subarray(0, Math.min(ZEROS.length, to - at)), at);
    this.reservedTo = to;
  }

  /** Starts writing generation seg.generation: its snapshot first if it must be, then its log. */
  private async switchTo(seg: Segment): Promise<void> {
    if (seg.snapshotFirst && seg.snapshot) {
      const snapshot = seg.snapshot;
      seg.snapshot = undefined;
      await this.writeSnapshot(snapshot, seg.generation);
    }
    const old = this.fh;
    this.fh = undefined;
    if (old) {
      // The records before the switch are on disk before any after it.
      if (!this.durable) await old.datasync();
      this.syncedSeq = this.writtenSeq;
      await old.close();
    }
    const path = logPath(this.opts.file, seg.generation);
    try {
      // With interval 0, O_DSYNC makes the one pwrite of a batch durable on
      // return: one threadpool hop per batch instead of a pwrite and an
      // fdatasync. The log is filled with zeros ahead (reserve), so such a
      // write changes no size and has no metadata to journal.
      const fh = await (this.opts.createLog ?? ((p: string) => open(p, this.logDsync ? LOG_DSYNC_FLAGS : "wx", 0o644)))(path);
      try {
        await writeAll(fh, encodeLogHeader(seg.generation), 0);
        this.writeOffset = LOG_HEADER_SIZE;
        this.reservedTo = LOG_HEADER_SIZE;
        await this.reserve(fh);
        await fh.datasync();
        await syncFolder(this.dir);
      } catch (err) {
        await fh.close();
        throw err;
      }
      this.fh = fh;
    } catch (err) {
      throw new Error(`starting persistence log ${path}: ${(err as Error).message}`, { cause: err });
    }
    this.openGeneration = seg.generation;
    this.logs.set(seg.generation, LOG_HEADER_SIZE);
    if (this.broken) {
      this.opts.logger.info("persistence works again: a snapshot holds the store", { file: this.opts.file });
      this.broken = undefined;
    }
    if (seg.snapshot) {
      const snapshot = seg.snapshot;
      seg.snapshot = undefined;
      this.compaction = this.compact(snapshot, seg.generation);
    }
  }

  private compactIfDue(): void {
    if (this.compaction || this.stopped || this.segments.length > 1) return;
    if (this.now() - this.compactionFailedMs < COMPACTION_RETRY_MS) return;
    let logBytes = 0;
    for (const b of this.logs.values()) logBytes += b;
    if (logBytes > Math.max(this.compactMinBytes, this.snapshotBytes)) this.rotate(false);
  }

  /**
   * Ends the current log generation here: the store as it is now becomes the
   * next snapshot, later changes go to a new log.
   */
  private rotate(snapshotFirst: boolean): void {
    const generation = this.nextGeneration++;
    this.segments.push({ generation, records: [], bytes: 0, lastSeq: this.queuedSeq, snapshot: this.store.snapshot(), snapshotFirst });
    this.kick();
  }

  /** Writes the snapshot of a finished generation in the background; the logs before it go once it is on disk. */
  private async compact(snapshot: GroupSnapshot[], generation: number): Promise<void> {
    try {
      await this.writeSnapshot(snapshot, generation);
    } catch (err) {
      this.compactionFailedMs = this.now();
      this.failures++;
      this.opts.logger.error("writing a snapshot failed; the logs are kept and hold every change", { file: this.opts.file, err: (err as Error).message });
    } finally {
      this.compaction = undefined;
    }
  }

  /** One snapshot write at a time, in generation order: an older one never replaces a newer one. */
  private writeSnapshot(snapshot: GroupSnapshot[], generation: number): Promise<void> {
    const run = this.snapshotWrites.then(() => (generation > this.snapshotGeneration ? this.writeSnapshotNow(snapshot, generation) : undefined));
    this.snapshotWrites = run.catch(() => {});
    return run;
  }

  private async writeSnapshotNow(snapshot: GroupSnapshot[], generation: number): Promise<void> {
    const pieces = await encodeSnapshotInPieces(snapshot, generation);
    await writeFileDurably(this.opts.file, pieces);
    this.snapshotBytes = pieces.reduce((n, p) => n + p.length, 0);
    this.snapshotGeneration = generation;
    this.lastSuccessMs = this.now();
    this.opts.logger.debug("snapshot written", { file: this.opts.file, groups: snapshot.length, log: generation });
    let removed = false;
    for (const g of [...this.logs.keys()]) {
      if (g >= generation) continue;
      try {
        await unlink(logPath(this.opts.file, g));
        removed = true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") {
          this.opts.logger.warn("could not remove a log the snapshot holds; it is removed at the next start", { file: logPath(this.opts.file, g), err: errnoText(err) });
          continue;
        }
      }
      this.logs.delete(g);
    }
    // Not needed for correctness (a covered log is removed at start), but keeps the folder tidy after a crash.
    if (removed) await syncFolder(this.dir).catch(() => {});
  }

  /**
   * A write failed: the log may be torn. Requests waiting for it are refused
   * (interval 0) or answered (interval: the change is in memory); the store
   * is made durable again by a snapshot, tried until it works.
   */
  private fail(err: Error): void {
    this.failures++;
    this.broken = err;
    this.opts.logger.error("error persisting metrics", { file: this.opts.file, err: err.message });
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) {
      if (this.durable) w.reject(new LogUnavailableError(`persisting the change failed (${err.message}); it is not on disk`, RETRY_AFTER_SECONDS, { cause: err }));
      else w.resolve();
    }
    this.segments = [];
    this.syncRequested = false;
    const fh = this.fh;
    this.fh = undefined;
    this.openGeneration = -1;
    fh?.close().catch(() => {});
    if (!this.stopped) {
      this.repairTimer = setTimeout(() => {
        this.repairTimer = undefined;
        if (!this.stopped) this.rotate(true);
      }, REPAIR_MS);
      this.repairTimer.unref?.();
    }
  }

  /**
   * Writes a snapshot holding the store now, before any further change is
   * written (a Pushgateway file becomes mon's format before the first push).
   */
  async snapshotNow(): Promise<void> {
    this.segments = [];
    this.rotate(true);
    await this.idle();
  }

  /** Starts a compaction now: the store as it is becomes a snapshot in the background, new changes go to a new log. */
  compactNow(): void {
    if (this.openGeneration < 0 && this.segments.length === 1 && this.segments[0].records.length === 0) this.segments = [];
    this.rotate(false);
  }

  private async idle(): Promise<void> {
    while (this.flushing || this.compaction) {
      await this.flushing;
      await this.compaction;
    }
  }

  /** Stops; writes a last snapshot holding everything and removes the logs. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.syncTimer) clearInterval(this.syncTimer);
    if (this.repairTimer) clearTimeout(this.repairTimer);
    await this.idle();
    const generation = this.nextGeneration++;
    try {
      if (this.fh) {
        await this.fh.datasync();
        await this.fh.close();
        this.fh = undefined;
      }
      await this.writeSnapshot(this.store.snapshot(), generation);
      this.lastFailed = false;
    } catch (err) {
      this.lastFailed = true;
      this.failures++;
      this.opts.logger.error("error persisting metrics", { file: this.opts.file, err: (err as Error).message });
    }
  }
}

/**
 * Loads the snapshot and replays the logs into store (empty), then returns
 * the persister that keeps it on disk from now on. Call checkPersistencePath
 * first.
 */
export async function startPersistence(store: GatewayStore, opts: PersisterOptions): Promise<Persister> {
  const { file, logger } = opts;
  const nowMs = (opts.now ?? Date.now)();
  const loaded = loadPersistenceFile(file, logger, nowMs);
  const skipped = store.restore(loaded.groups);
  for (const err of skipped) logger.warn("persisted group skipped: it conflicts with groups loaded before it", { err });
  // A file from before the log (or none): every log beside it follows it.
  const from = loaded.logGeneration ?? 0;
  const replayed = replayLogs(store, file, from, logger, nowMs);
  if (loaded.groups.length > 0 || replayed.records > 0) {
    logger.info("loaded persisted metrics", { file, groups: store.size, log_records: replayed.records });
  }
  const clean = loaded.movedTo === undefined && loaded.importedCopy === undefined && skipped.length === 0 && replayed.keptCopies.length === 0;
  const persister = new Persister(store, opts, {
    nextGeneration: Math.max(from, replayed.highestGeneration + 1, 1),
    snapshotBytes: loaded.bytes ?? 0,
    logs: replayed.logs,
    lastSuccessMs: clean ? nowMs : 0,
  });
  if (loaded.importedCopy !== undefined) {
    await persister.snapshotNow();
  } else if (replayed.logs.size > 0 || !clean) {
    // What was replayed goes into a new snapshot in the background; new changes go to a new log.
    persister.compactNow();
  }
  return persister;
}
