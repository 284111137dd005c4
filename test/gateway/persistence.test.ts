import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "../../src/telemetry/logger.ts";
import { PersistenceFormatError, decodeSnapshot, encodeSnapshot } from "../../src/gateway/persistence-format.ts";
import { readLog } from "../../src/gateway/persistence-log.ts";
import {
  PersistencePathError,
  checkPersistencePath,
  loadPersistenceFile,
  startPersistence,
  writeFileDurably,
} from "../../src/gateway/persistence.ts";
import { GatewayStore } from "../../src/gateway/store/state.ts";
import { writeText } from "../../src/metrics/text-writer.ts";
import type { MetricFamily } from "../../src/metrics/types.ts";
import { recordingLogger } from "../support/recording-logger.ts";
import { skipWhenMissing } from "../support/requirements.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mon-gw-persist-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});


const families: MetricFamily[] = [
  { name: "c", type: "counter", help: "a \\ help\nline", metrics: [{ labels: { x: 'q"uo\nte' }, value: Number.NaN }] },
  { name: "g", type: "gauge", metrics: [{ labels: {}, value: -0 }, { labels: { i: "2" }, value: Infinity }] },
  {
    name: "s",
    type: "summary",
    help: "",
    metrics: [{ labels: {}, summary: { sampleCount: 3, sampleSum: -Infinity, quantiles: [{ quantile: 0.5, value: 1.5e-7 }] } }],
  },
  {
    name: "h",
    type: "histogram",
    metrics: [{ labels: {}, histogram: { sampleCount: 2, sampleSum: 1e6, buckets: [{ upperBound: 0.1, cumulativeCount: 1 }] } }],
  },
];

function fill(store: GatewayStore, clock: { t: number }): void {
  store.push({ job: "a", instance: "i1" }, families, true);
  clock.t += 1500;
  store.push({ job: "b" }, [{ name: "g2", type: "gauge", metrics: [{ labels: {}, value: 1, timestampMs: 3 }] }], true);
}

function filledStore(): GatewayStore {
  const clock = { t: 1_700_000_000_000 };
  const store = new GatewayStore({ clock: { now: () => clock.t } });
  fill(store, clock);
  return store;
}

/** A store persisted to file (which may hold a state already), filled, then stopped: the last snapshot is written. */
async function persistFilled(file: string): Promise<GatewayStore> {
  const clock = { t: 1_700_000_000_000 };
  const store = new GatewayStore({ clock: { now: () => clock.t } });
  const p = await startPersistence(store, { file, intervalMs: 0, logger: silentLogger });
  store.wipe();
  fill(store, clock);
  await p.stop();
  return store;
}

function exposition(store: GatewayStore): string {
  return writeText(store.families().map((f) => ({ ...f, metrics: [...f.metrics] })));
}

describe("format", () => {
  test("round trip keeps NaN, infinities, -0, HELP presence and times", () => {
    const store = filledStore();
    const decoded = decodeSnapshot(encodeSnapshot(store.snapshot()));
    expect(decoded).toEqual(store.snapshot());
    const g = decoded[0].families.find((f) => f.family.name === "g");
    expect(Object.is(g?.family.metrics[0].value, -0)).toBe(true);
  });

  test("a file written before the store went compact (format 1, mon c5579a0) loads unchanged", () => {
    const fixtures = join(import.meta.dir, "../fixtures/gateway");
    const store = new GatewayStore({ clock: { now: () => 1_800_000_000_000 } });
    const groups = decodeSnapshot(readFileSync(join(fixtures, "persistence-v1.bin")));
    expect(store.restore(groups)).toEqual([]);
    expect(exposition(store)).toBe(readFileSync(join(fixtures, "persistence-v1.prom"), "utf8"));
    expect(store.group({ job: "batch", instance: "h2" })?.pushFailureTimeMs).toBe(1_700_000_003_000);
    // Written again, the file decodes to the same groups.
    expect(decodeSnapshot(encodeSnapshot(store.snapshot()))).toEqual(store.snapshot());
  });

  const corrupt: [string, (b: Uint8Array) => Uint8Array, string][] = [
    ["empty", () => new Uint8Array(0), "shorter than the 24-byte header"],
    ["truncated", (b) => b.subarray(0, b.length - 5), "truncated"],
    ["garbage", () => new TextEncoder().encode("this is not a persistence file at all"), "bad magic"],
    ["flipped payload bit", (b) => { const c = b.slice(); c[c.length - 3] ^= 1; return c; }, "checksum mismatch"],
    ["future version", (b) => { const c = b.slice(); c[11] = 9; return c; }, "format version 9 is not supported"],
  ];
  for (const [title, mangle, message] of corrupt) {
    test(`rejects ${title}`, () => {
      const bytes = encodeSnapshot(filledStore().snapshot());
      expect(() => decodeSnapshot(mangle(bytes))).toThrow(PersistenceFormatError);
      expect(() => decodeSnapshot(mangle(bytes))).toThrow(message);
    });
  }

  test("rejects a well-checksummed payload of the wrong shape, naming the field", () => {
    const payload = new TextEncoder().encode(JSON.stringify({ groups: [{ labels: { job: "a" }, pushTimeMs: "x" }] }));
    const header = encodeSnapshot([]).subarray(0, 24).slice();
    const view = new DataView(header.buffer);
    view.setUint32(12, Bun.hash.crc32(payload));
    view.setBigUint64(16, BigInt(payload.length));
    const bytes = new Uint8Array([...header, ...payload]);
    expect(() => decodeSnapshot(bytes)).toThrow("groups[0].pushTimeMs: not a number");
  });
});

describe("files", () => {
  test("round trip through a restart: a new store loading the file", async () => {
    const file = join(dir, "pg.db");
    const store = await persistFilled(file);
    const { groups, movedTo } = loadPersistenceFile(file, silentLogger);
    expect(movedTo).toBeUndefined();
    const restarted = new GatewayStore({ clock: { now: () => 0 } });
    expect(restarted.restore(groups)).toEqual([]);
    expect(exposition(restarted)).toBe(exposition(store));
    expect(restarted.group({ job: "b" })?.pushFailureTimeMs).toBe(store.group({ job: "b" })?.pushFailureTimeMs);
  });

  test("a missing file means an empty store, silently", () => {
    const log = recordingLogger();
    expect(loadPersistenceFile(join(dir, "none.db"), log)).toEqual({ groups: [] });
    expect(log.lines).toEqual([]);
  });

  for (const [title, content] of [
    ["truncated", () => encodeSnapshot(filledStore().snapshot()).subarray(0, 40)],
    ["garbage", () => new TextEncoder().encode("\u0000\u0001garbage")],
  ] as const) {
    test(`a ${title} file is kept aside as .corrupt-*, logged as an error, and never overwritten`, async () => {
      const file = join(dir, "pg.db");
      const original = content();
      writeFileSync(file, original);
      const log = recordingLogger();
      const { groups, movedTo } = loadPersistenceFile(file, log, Date.UTC(2024, 0, 2, 3, 4, 5));
      expect(groups).toEqual([]);
      expect(movedTo).toBe(`${file}.corrupt-20240102T030405Z`);
      expect(new Uint8Array(readFileSync(movedTo as string))).toEqual(new Uint8Array(original));
      expect(log.lines.filter((l) => l.level === "error").length).toBe(1);
      expect(log.lines[0].fields?.kept_as).toBe(movedTo);
      // The gateway then persists to the original name; the kept copy stays.
      writeFileSync(file, original);
      await persistFilled(file);
      expect(readdirSync(dir).filter((n) => n.includes(".corrupt-")).length).toBe(2);
      expect(new Uint8Array(readFileSync(movedTo as string))).toEqual(new Uint8Array(original));
      // A second corrupt file at the same second gets its own name.
      writeFileSync(file, original);
      const again = loadPersistenceFile(file, log, Date.UTC(2024, 0, 2, 3, 4, 5));
      expect(again.movedTo).toBe(`${file}.corrupt-20240102T030405Z-1`);
    });
  }

  test("the write path goes through a temp file renamed over the target", async () => {
    const file = join(dir, "pg.db");
    writeFileSync(file, "old");
    const before = statSync(file).ino;
    await writeFileDurably(file, new TextEncoder().encode("new"));
    expect(readFileSync(file, "utf8")).toBe("new");
    // A rename gives the path a new inode; writing in place would keep it.
    expect(statSync(file).ino).not.toBe(before);
    expect(readdirSync(dir)).toEqual(["pg.db"]);
  });

  test("a failed write leaves the old file and no temp file", async () => {
    const file = join(dir, "missing-folder", "pg.db");
    await expect(writeFileDurably(file, new Uint8Array([1]))).rejects.toThrow("writing persistence file");
    expect(readdirSync(dir)).toEqual([]);
  });

  test("nothing is written before a change; a stop writes the snapshot and removes the log", async () => {
    const file = join(dir, "pg.db");
    let t = 1000;
    const store = new GatewayStore({ clock: { now: () => t } });
    const p = await startPersistence(store, { file, intervalMs: 3_600_000, logger: silentLogger });
    await Bun.sleep(5);
    expect(readdirSync(dir)).toEqual([]);
    await p.submit({ kind: "push", atMs: t, key: { job: "a" }, families: [], replace: true });
    t += 1;
    expect(readdirSync(dir)).toEqual(["pg.db.log-1"]);
    await p.stop();
    expect(readdirSync(dir)).toEqual(["pg.db"]);
    expect(loadPersistenceFile(file, silentLogger).groups.length).toBe(1);
  });
});

/**
 * Makes a folder unwritable for this process: chmod for a normal user; for
 * root, whom modes do not stop, the immutable attribute. Returns the undo,
 * or undefined when neither works here.
 */
function makeUnwritable(folder: string): (() => void) | undefined {
  if (process.getuid?.() !== 0) {
    chmodSync(folder, 0o555);
    return () => chmodSync(folder, 0o755);
  }
  const set = Bun.spawnSync(["chattr", "+i", folder], { stderr: "pipe" });
  if (set.exitCode !== 0) return undefined;
  return () => void Bun.spawnSync(["chattr", "-i", folder]);
}

describe("path safety at start", () => {
  const refused: [string, (d: string) => string, string][] = [
    ["a directory", (d) => { mkdirSync(join(d, "state")); return join(d, "state"); }, "is a directory, not a file"],
    ["a symlink to a directory", (d) => { mkdirSync(join(d, "state")); symlinkSync(join(d, "state"), join(d, "link")); return join(d, "link"); }, "which is a directory"],
    ["a character device", () => "/dev/null", "not a regular file"],
    ["a FIFO", (d) => { Bun.spawnSync(["mkfifo", join(d, "fifo")]); return join(d, "fifo"); }, "not a regular file"],
    ["a dangling symlink", (d) => { symlinkSync(join(d, "gone"), join(d, "link")); return join(d, "link"); }, "symlink to a missing"],
    ["in a missing folder", (d) => join(d, "missing", "metrics"), "folder"],
    ["in a folder that is a file", (d) => { writeFileSync(join(d, "f"), ""); return join(d, "f", "metrics"); }, "folder"],
  ];
  for (const [title, make, why] of refused) {
    test(`refuses ${title}, naming the path, and moves nothing`, () => {
      const path = make(dir);
      const before = readdirSync(dir).sort();
      expect(() => checkPersistencePath(path)).toThrow(PersistencePathError);
      expect(() => checkPersistencePath(path)).toThrow(`persistence file ${path}: `);
      expect(() => checkPersistencePath(path)).toThrow(why);
      expect(readdirSync(dir).sort()).toEqual(before);
    });
  }

  test("refuses a folder this process cannot write to", () => {
    const folder = join(dir, "ro");
    mkdirSync(folder);
    const undo = makeUnwritable(folder);
    if (skipWhenMissing("unwritable folder case", undo ? undefined : "neither chmod nor chattr +i can make a folder unwritable here")) return;
    try {
      expect(() => checkPersistencePath(join(folder, "metrics"))).toThrow(`its folder ${folder} is not writable by this process`);
    } finally {
      undo?.();
    }
  });

  test("accepts a missing file in a writable folder and a regular file; follows a symlink to its target", () => {
    expect(checkPersistencePath(join(dir, "new"))).toBe(join(dir, "new"));
    writeFileSync(join(dir, "real"), "x");
    expect(checkPersistencePath(join(dir, "real"))).toBe(join(dir, "real"));
    symlinkSync(join(dir, "real"), join(dir, "link"));
    expect(checkPersistencePath(join(dir, "link"))).toBe(realpathSync(join(dir, "real")));
  });

  test("a corrupt file behind a symlink is kept aside at the target; the link stays", async () => {
    writeFileSync(join(dir, "real"), "garbage");
    symlinkSync(join(dir, "real"), join(dir, "link"));
    const target = checkPersistencePath(join(dir, "link"));
    const { movedTo } = loadPersistenceFile(target, silentLogger, Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(movedTo).toBe(`${target}.corrupt-20240102T030405Z`);
    writeFileSync(join(dir, "real"), "garbage");
    await persistFilled(target);
    expect(lstatSync(join(dir, "link")).isSymbolicLink()).toBe(true);
    expect(loadPersistenceFile(join(dir, "link"), silentLogger).groups.length).toBe(2);
  });
});

describe("persistence health", () => {
  test("records the last durable write and the size of snapshot plus log; counts a failed snapshot", async () => {
    const folder = join(dir, "state");
    mkdirSync(folder);
    const file = join(folder, "pg.db");
    let t = 5_000;
    const store = new GatewayStore({ clock: { now: () => t } });
    const p = await startPersistence(store, { file, intervalMs: 0, logger: silentLogger, now: () => t });
    expect(p.health).toEqual({ lastSuccessMs: 5_000, failures: 0, fileBytes: 0 });
    t = 6_000;
    await p.submit({ kind: "push", atMs: t, key: { job: "a" }, families: [], replace: true });
    expect(p.health).toEqual({ lastSuccessMs: 6_000, failures: 0, fileBytes: readLog(readFileSync(`${file}.log-1`)).validEnd });
    rmSync(folder, { recursive: true });
    t = 7_000;
    await p.stop();
    expect(p.failed).toBe(true);
    expect(p.health.failures).toBe(1);
    expect(p.health.lastSuccessMs).toBe(6_000);
  });
});
