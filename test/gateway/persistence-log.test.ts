import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeSnapshot } from "../../src/gateway/persistence-format.ts";
import { LOG_HEADER_SIZE, LogFormatError, encodeLogHeader, encodeRecord, readLog } from "../../src/gateway/persistence-log.ts";
import { startPersistence } from "../../src/gateway/persistence.ts";
import { type Mutation, encodeMutation } from "../../src/gateway/store/mutation-codec.ts";
import { LogUnavailableError } from "../../src/gateway/store/mutation-log.ts";
import { GatewayStore } from "../../src/gateway/store/state.ts";
import { writeText } from "../../src/metrics/text-writer.ts";
import { silentLogger } from "../../src/telemetry/logger.ts";
import { recordingLogger } from "../support/recording-logger.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mon-gw-log-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const T0 = 1_700_000_000_000;

function pushOf(i: number, job = `j${i % 7}`): Mutation {
  return {
    kind: "push",
    atMs: T0 + i * 1000,
    key: { job, instance: `i${i % 3}` },
    families: [{ name: "v", type: "gauge", metrics: [{ labels: { n: String(i % 5) }, value: i }] }],
    replace: i % 2 === 0,
  };
}

const mutations: Mutation[] = [
  ...Array.from({ length: 12 }, (_, i) => pushOf(i)),
  { kind: "delete", atMs: T0 + 20_000, key: { job: "j1", instance: "i1" } },
  pushOf(13, "late"),
];

function exposition(store: GatewayStore): string {
  return writeText(store.families());
}

/** The state after applying ms in order to an empty store. */
function stateOf(ms: readonly Mutation[]): string {
  const store = new GatewayStore({ clock: { now: () => T0 } });
  for (const m of ms) store.apply(m);
  return exposition(store);
}

function logBytes(generation: number, ms: readonly Mutation[]): Uint8Array {
  // A copy: Buffer's slice() is a view, and the tests damage these bytes.
  return new Uint8Array(Buffer.concat([encodeLogHeader(generation), ...ms.map((m) => encodeRecord(encodeMutation(m)))]));
}

function snapshotOf(ms: readonly Mutation[], generation?: number): Uint8Array {
  const store = new GatewayStore({ clock: { now: () => T0 } });
  for (const m of ms) store.apply(m);
  return encodeSnapshot(store.snapshot(), generation);
}

/** Starts a persister on file as the gateway does and returns the loaded store's exposition. */
async function recover(file: string, logger = silentLogger): Promise<string> {
  const store = new GatewayStore({ clock: { now: () => T0 } });
  const p = await startPersistence(store, { file, intervalMs: 0, logger, now: () => T0 });
  const text = exposition(store);
  await p.stop();
  return text;
}

describe("record codec", () => {
  const bytes = logBytes(3, mutations);
  const lastStart = bytes.length - encodeRecord(encodeMutation(mutations.at(-1) as Mutation)).length;

  test("reads back every record, in order, with the header's generation", () => {
    const log = readLog(bytes);
    expect(log.generation).toBe(3);
    expect(log.records.map((r) => Buffer.from(r))).toEqual(mutations.map((m) => Buffer.from(encodeMutation(m))));
    expect(log).toMatchObject({ validEnd: bytes.length, tornBytes: 0, damaged: [] });
  });

  test("an empty log (header only) and a log torn inside its header have no records", () => {
    expect(readLog(encodeLogHeader(1))).toMatchObject({ generation: 1, records: [], tornBytes: 0 });
    for (let n = 0; n < LOG_HEADER_SIZE; n++) {
      const log = readLog(encodeLogHeader(1).subarray(0, n));
      expect(log).toMatchObject({ records: [], tornBytes: n });
      expect(log.generation).toBeUndefined();
    }
  });

  test("a tail torn at every byte offset of the last record drops only that record", () => {
    for (let cut = lastStart + 1; cut < bytes.length; cut++) {
      const log = readLog(bytes.subarray(0, cut));
      expect(log.records.length).toBe(mutations.length - 1);
      expect(log).toMatchObject({ validEnd: lastStart, damaged: [] });
      // Only zeros so far (the length's high bytes) look like reserved room: both are dropped.
      expect(log.tornBytes + log.reservedBytes).toBe(cut - lastStart);
    }
  });

  test("a last record with a bad checksum is a torn tail; zeros after the last record are reserved room", () => {
    const flipped = bytes.slice();
    flipped[bytes.length - 1] ^= 0x40;
    expect(readLog(flipped)).toMatchObject({ validEnd: lastStart, tornBytes: bytes.length - lastStart, damaged: [] });
    // Zeros after the last record are room the writer reserved: the end, not a torn tail.
    const zeros = new Uint8Array(Buffer.concat([bytes, new Uint8Array(4096)]));
    expect(readLog(zeros)).toMatchObject({ validEnd: bytes.length, tornBytes: 0, reservedBytes: 4096, damaged: [] });
    expect(readLog(zeros).records.length).toBe(mutations.length);
    // A record cut short inside the reserved zeros is torn.
    const cut = zeros.slice();
    cut.set(encodeRecord(encodeMutation(mutations[0])).subarray(0, 20), bytes.length);
    expect(readLog(cut)).toMatchObject({ validEnd: bytes.length, tornBytes: 4096, reservedBytes: 0 });
  });

  test("damage in the middle skips only the damaged record and names its bytes", () => {
    const damaged = bytes.slice();
    const second = LOG_HEADER_SIZE + encodeRecord(encodeMutation(mutations[0])).length;
    damaged[second + 12] ^= 0xff;
    const log = readLog(damaged);
    expect(log.records.length).toBe(mutations.length - 1);
    expect(log.damaged).toEqual([{ from: second, to: second + encodeRecord(encodeMutation(mutations[1])).length }]);
    expect(log.tornBytes).toBe(0);
  });

  test("a header of another format or version is refused whole", () => {
    const other = bytes.slice();
    other[11] = 2;
    expect(() => readLog(other)).toThrow(new LogFormatError("log format version 2 is not supported (this mon reads 1)"));
    expect(() => readLog(new TextEncoder().encode("MONGWPST and more bytes"))).toThrow("bad magic");
  });
});

describe("recovery", () => {
  test("a snapshot from before the log loads, and the logs beside it are replayed", async () => {
    const file = join(dir, "pg.db");
    writeFileSync(file, snapshotOf(mutations.slice(0, 5)));
    writeFileSync(`${file}.log-1`, logBytes(1, mutations.slice(5)));
    expect(await recover(file)).toBe(stateOf(mutations));
    // The stop left one snapshot holding everything.
    expect(readdirSync(dir)).toEqual(["pg.db"]);
    expect(await recover(file)).toBe(stateOf(mutations));
  });

  // Compaction: [rotate] log n+1 created, records appended to it, [write] a
  // temp snapshot written, [rename] it replaces the snapshot, [drop] log n deleted.
  const crashPoints: [string, (file: string) => void][] = [
    ["before the rotation", (f) => {
      writeFileSync(f, snapshotOf(mutations.slice(0, 3), 1));
      writeFileSync(`${f}.log-1`, logBytes(1, mutations.slice(3)));
    }],
    ["inside the new log's header", (f) => {
      writeFileSync(f, snapshotOf(mutations.slice(0, 3), 1));
      writeFileSync(`${f}.log-1`, logBytes(1, mutations.slice(3)));
      writeFileSync(`${f}.log-2`, encodeLogHeader(2).subarray(0, 7));
    }],
    ["after records went to the new log", (f) => {
      writeFileSync(f, snapshotOf(mutations.slice(0, 3), 1));
      writeFileSync(`${f}.log-1`, logBytes(1, mutations.slice(3, 8)));
      writeFileSync(`${f}.log-2`, logBytes(2, mutations.slice(8)));
    }],
    ["while the new snapshot was written (temp file left)", (f) => {
      writeFileSync(f, snapshotOf(mutations.slice(0, 3), 1));
      writeFileSync(`${f}.log-1`, logBytes(1, mutations.slice(3, 8)));
      writeFileSync(`${f}.log-2`, logBytes(2, mutations.slice(8)));
      writeFileSync(join(dir, ".pg.db.tmp-1-abcd"), snapshotOf(mutations.slice(0, 8), 2).subarray(0, 100));
    }],
    ["after the rename, before the old log was deleted", (f) => {
      writeFileSync(f, snapshotOf(mutations.slice(0, 8), 2));
      writeFileSync(`${f}.log-1`, logBytes(1, mutations.slice(3, 8)));
      writeFileSync(`${f}.log-2`, logBytes(2, mutations.slice(8)));
    }],
    ["after the old log was deleted", (f) => {
      writeFileSync(f, snapshotOf(mutations.slice(0, 8), 2));
      writeFileSync(`${f}.log-2`, logBytes(2, mutations.slice(8)));
    }],
    ["with a torn tail in the old log and records in the new one", (f) => {
      writeFileSync(f, snapshotOf(mutations.slice(0, 3), 1));
      writeFileSync(`${f}.log-1`, Buffer.concat([logBytes(1, mutations.slice(3, 8)), encodeRecord(encodeMutation(mutations[8])).subarray(0, 9)]));
      writeFileSync(`${f}.log-2`, logBytes(2, mutations.slice(8)));
    }],
  ];
  for (const [when, make] of crashPoints) {
    test(`a crash ${when} loses nothing`, async () => {
      const file = join(dir, "pg.db");
      make(file);
      expect(await recover(file)).toBe(stateOf(mutations));
      expect(readdirSync(dir).filter((n) => n.includes(".corrupt-"))).toEqual([]);
    });
  }

  test("a torn tail is dropped and logged; the records before it load; nothing is kept aside", async () => {
    const file = join(dir, "pg.db");
    const full = logBytes(1, mutations);
    writeFileSync(`${file}.log-1`, full.subarray(0, full.length - 3));
    const log = recordingLogger();
    expect(await recover(file, log)).toBe(stateOf(mutations.slice(0, -1)));
    expect(log.lines.some((l) => l.level === "warn" && l.msg.includes("incomplete record"))).toBe(true);
    expect(readdirSync(dir)).toEqual(["pg.db"]);
  });

  test("damage in the middle of a log costs only the damaged record; a copy of the log is kept aside", async () => {
    const file = join(dir, "pg.db");
    const bytes = logBytes(1, mutations);
    const damagedAt = LOG_HEADER_SIZE + encodeRecord(encodeMutation(mutations[0])).length + 12;
    bytes[damagedAt] ^= 0xff;
    writeFileSync(`${file}.log-1`, bytes);
    const log = recordingLogger();
    expect(await recover(file, log)).toBe(stateOf([mutations[0], ...mutations.slice(2)]));
    const kept = readdirSync(dir).filter((n) => n.includes(".corrupt-"));
    expect(kept.length).toBe(1);
    expect(new Uint8Array(readFileSync(join(dir, kept[0])))).toEqual(new Uint8Array(bytes));
    expect(log.lines.filter((l) => l.level === "error").map((l) => l.fields?.kept_as)).toEqual([join(dir, kept[0])]);
  });

  test("a log that is not mon's is copied aside and skipped; the snapshot still loads", async () => {
    const file = join(dir, "pg.db");
    writeFileSync(file, snapshotOf(mutations.slice(0, 4), 1));
    writeFileSync(`${file}.log-1`, "this is not a log, but long enough to have a header");
    expect(await recover(file)).toBe(stateOf(mutations.slice(0, 4)));
    expect(readdirSync(dir).filter((n) => n.includes(".corrupt-")).length).toBe(1);
  });
});

/** A log file whose fdatasync waits until released, and whose writes fail when told to. */
function controlledDisk() {
  const disk = {
    syncs: 0,
    failWrites: false,
    held: [] as (() => void)[],
    hold: false,
    release() {
      const held = disk.held;
      disk.held = [];
      for (const r of held) r();
    },
    createLog: async (path: string): Promise<FileHandle> => {
      const fh = await open(path, "wx", 0o644);
      return new Proxy(fh, {
        get(target, prop) {
          if (prop === "write") {
            return (...args: Parameters<FileHandle["write"]>) => {
              if (disk.failWrites) return Promise.reject(Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" }));
              return (target.write as (...a: unknown[]) => unknown).apply(target, args);
            };
          }
          if (prop === "datasync") {
            return async () => {
              disk.syncs++;
              if (disk.hold) await new Promise<void>((r) => disk.held.push(r));
              return target.datasync();
            };
          }
          const v = Reflect.get(target, prop);
          return typeof v === "function" ? v.bind(target) : v;
        },
      });
    },
  };
  return disk;
}

describe("durability", () => {
  test("with interval 0 a change is answered only after its fdatasync; changes arriving together share one", async () => {
    const file = join(dir, "pg.db");
    const disk = controlledDisk();
    const store = new GatewayStore({ clock: { now: () => T0 } });
    const p = await startPersistence(store, { file, intervalMs: 0, logger: silentLogger, createLog: disk.createLog });
    await p.submit(pushOf(0));
    const before = disk.syncs;
    disk.hold = true;
    let answered = 0;
    const first = p.submit(pushOf(1)).then(() => answered++);
    await Bun.sleep(10);
    // The first fsync is held: 20 more pushes queue behind it.
    const rest = Array.from({ length: 20 }, (_, i) => p.submit(pushOf(i + 2)).then(() => answered++));
    await Bun.sleep(10);
    expect(answered).toBe(0);
    disk.hold = false;
    disk.release();
    await Promise.all([first, ...rest]);
    expect(answered).toBe(21);
    // One fsync for the first, one for the 20 that queued behind it.
    expect(disk.syncs - before).toBe(2);
    const reloaded = new GatewayStore({ clock: { now: () => T0 } });
    await p.stop();
    const q = await startPersistence(reloaded, { file, intervalMs: 0, logger: silentLogger });
    expect(exposition(reloaded)).toBe(exposition(store));
    await q.stop();
  });

  test("a failed write is never acknowledged: 503-type error, counted, and pushes are refused until a snapshot holds the store", async () => {
    const file = join(dir, "pg.db");
    const disk = controlledDisk();
    const store = new GatewayStore({ clock: { now: () => T0 } });
    const log = recordingLogger();
    const p = await startPersistence(store, { file, intervalMs: 0, logger: log, createLog: disk.createLog });
    await p.submit(pushOf(0));
    disk.failWrites = true;
    await expect(p.submit(pushOf(1))).rejects.toThrow(LogUnavailableError);
    expect(p.health.failures).toBe(1);
    await expect(p.submit(pushOf(2))).rejects.toThrow("cannot be written (appending to persistence log");
    disk.failWrites = false;
    // The repair (a snapshot, then a new log) runs within a second or so.
    for (let i = 0; i < 100; i++) {
      try {
        await p.submit(pushOf(3));
        break;
      } catch {
        await Bun.sleep(50);
      }
    }
    await p.submit(pushOf(4));
    await p.stop();
    const reloaded = new GatewayStore({ clock: { now: () => T0 } });
    const q = await startPersistence(reloaded, { file, intervalMs: 0, logger: silentLogger });
    expect(exposition(reloaded)).toBe(exposition(store));
    await q.stop();
    expect(log.lines.some((l) => l.level === "error" && String(l.fields?.err).includes("ENOSPC"))).toBe(true);
  });

  test("with an interval a change is answered once written, and the log is fdatasynced on the interval", async () => {
    const file = join(dir, "pg.db");
    const disk = controlledDisk();
    const store = new GatewayStore({ clock: { now: () => T0 } });
    const p = await startPersistence(store, { file, intervalMs: 50, logger: silentLogger, createLog: disk.createLog });
    await p.submit(pushOf(0));
    const opened = disk.syncs; // the new log's header
    await p.submit(pushOf(1));
    expect(disk.syncs).toBe(opened);
    // Readable at once by another process (the page cache): a kill -9 loses nothing.
    expect(readLog(readFileSync(`${file}.log-1`)).records.length).toBe(2);
    for (let i = 0; i < 100 && disk.syncs === opened; i++) await Bun.sleep(20);
    expect(disk.syncs).toBeGreaterThan(opened);
    await p.stop();
  });

  test("compaction: the logs become a snapshot in the background and are removed; nothing is lost", async () => {
    const file = join(dir, "pg.db");
    const store = new GatewayStore({ clock: { now: () => T0 } });
    const p = await startPersistence(store, { file, intervalMs: 0, logger: silentLogger, compactMinBytes: 200 });
    for (let i = 0; i < 60; i++) await p.submit(pushOf(i));
    // Let a compaction that is under way finish.
    for (let i = 0; i < 100 && readdirSync(dir).filter((n) => n.includes(".log-")).length > 1; i++) await Bun.sleep(10);
    expect(existsSync(file)).toBe(true);
    const logs = readdirSync(dir).filter((n) => n.includes(".log-"));
    expect(logs.length).toBe(1);
    expect(Number(logs[0].split("-").at(-1))).toBeGreaterThan(2);
    // A second process reading now (as after kill -9) finds everything.
    const copy = join(dir, "copy");
    rmSync(copy, { force: true, recursive: true });
    Bun.spawnSync(["mkdir", copy]);
    for (const n of readdirSync(dir).filter((n) => n.startsWith("pg.db"))) writeFileSync(join(copy, n), readFileSync(join(dir, n)));
    expect(await recover(join(copy, "pg.db"))).toBe(exposition(store));
    await p.stop();
  });
});
