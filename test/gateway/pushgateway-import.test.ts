// Pushgateway's persistence file, written by the real Pushgateway (Debian's
// 1.5.1), read by mon: every group, series, value and push time.

import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GobError, decodeGoTime } from "../../src/gateway/gob-decoder.ts";
import { decodeSnapshot } from "../../src/gateway/persistence-format.ts";
import { decodePushgatewayFile } from "../../src/gateway/pushgateway-import.ts";
import { configFromFlags, importPushgatewayCheck, launchGateway } from "../../src/gateway/start.ts";
import { GATEWAY_FLAGS } from "../../src/gateway/flags.ts";
import { GatewayStore } from "../../src/gateway/store/state.ts";
import { parseFlags } from "../../src/flags/flag-table.ts";
import { writeText } from "../../src/metrics/text-writer.ts";
import { type Family, parseExposition } from "../support/golden.ts";
import { recordingLogger } from "../support/recording-logger.ts";
import { programMissing, skipWhenMissing } from "../support/requirements.ts";
import { LOOPBACK_ANY, spawnServer } from "../support/server-port.ts";
import { PUSHGATEWAY_REFERENCE } from "../support/gateway-servers.ts";

const dir = mkdtempSync(join(tmpdir(), "mon-pg-import-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const missing = programMissing(PUSHGATEWAY_REFERENCE, "apt-get install prometheus-pushgateway");
const skip = skipWhenMissing("Pushgateway persistence import", missing);

const PUSHES: { method: string; path: string; body: string }[] = [
  {
    method: "PUT",
    path: "/metrics/job/batch/instance/db1",
    body:
      "# HELP c_total Rows copied.\n# TYPE c_total counter\nc_total{table=\"users\"} 1234\nc_total{table=\"orders\"} 5.5e+06\n" +
      "# TYPE g gauge\ng -0.25\n" +
      '# HELP s Latency.\n# TYPE s summary\ns{quantile="0.5"} 0.1\ns{quantile="0.99"} 2.5\ns_sum 40\ns_count 100\n' +
      '# TYPE h histogram\nh_bucket{le="0.5"} 3\nh_bucket{le="1"} 7\nh_bucket{le="+Inf"} 9\nh_sum 6.5\nh_count 9\n',
  },
  { method: "POST", path: "/metrics/job/batch/instance/db1", body: "# TYPE u untyped\nu NaN\n" },
  // Odd characters in label values, an empty value, a slash through @base64 and UTF-8.
  {
    method: "PUT",
    path: "/metrics/job/odd/path@base64/L3Zhci9saWIvbW9u/empty@base64/=",
    body: 'odd{q="say \\"hi\\"",nl="a\\nb",bs="c:\\\\d",e="",u="Grüße ✓"} 1\n',
  },
  // A push the consistency check refuses: its group gets push_failure_time_seconds.
  { method: "PUT", path: "/metrics/job/failing", body: "f 1\n" },
  { method: "PUT", path: "/metrics/job/failing", body: "# TYPE c_total gauge\nc_total 1\n" },
];

/** Pushes to a real Pushgateway persisting to file, and returns its /metrics before it stops and writes the file. */
async function writtenByPushgateway(file: string): Promise<string> {
  const pg = await spawnServer(
    [PUSHGATEWAY_REFERENCE, `--web.listen-address=${LOOPBACK_ANY}`, `--persistence.file=${file}`, "--persistence.interval=1s"],
    { what: "Pushgateway", readyPath: "/-/ready" },
  );
  try {
    for (const p of PUSHES) {
      const res = await fetch(`${pg.base}${p.path}`, { method: p.method, body: p.body });
      await res.arrayBuffer();
    }
    return await (await fetch(`${pg.base}/metrics`)).text();
  } finally {
    // Pushgateway writes its file on SIGTERM.
    await pg.stop("SIGTERM");
  }
}

function pushed(text: string): Map<string, Family> {
  const out = new Map<string, Family>();
  for (const [name, f] of parseExposition(text)) if (!/^(go_|process_|pushgateway_|promhttp_)/.test(name)) out.set(name, f);
  return out;
}

describe.skipIf(skip)("Pushgateway's persistence file", () => {
  let file = "";
  let reference = "";

  test("written by Pushgateway 1.5.1, decoded: the same groups, series, values and push times", async () => {
    file = join(dir, "pushgateway.db");
    reference = await writtenByPushgateway(file);
    const groups = decodePushgatewayFile(readFileSync(file));
    expect(groups.map((g) => g.labels.job).sort()).toEqual(["batch", "failing", "odd"]);
    expect(groups.find((g) => g.labels.job === "odd")?.labels).toEqual({ job: "odd", path: "/var/lib/mon", empty: "" });
    const failing = groups.find((g) => g.labels.job === "failing");
    expect(failing?.pushFailureTimeMs).toBeGreaterThanOrEqual(failing?.pushTimeMs ?? Infinity);

    const store = new GatewayStore({ clock: { now: () => Date.now() } });
    expect(store.restore(groups)).toEqual([]);
    const mine = pushed(writeText(store.families()));
    const theirs = pushed(reference);
    expect([...mine.keys()].sort()).toEqual([...theirs.keys()].sort());
    for (const [name, f] of theirs) {
      const m = mine.get(name) as Family;
      expect({ name, type: m.type, help: m.help }).toEqual({ name, type: f.type, help: f.help });
      expect([...m.samples.keys()].sort()).toEqual([...f.samples.keys()].sort());
      for (const [key, value] of f.samples) {
        // Push times: mon keeps milliseconds, Pushgateway nanoseconds.
        if (/^push_(failure_)?time_seconds/.test(name)) expect(Math.abs(Number(m.samples.get(key)) - Number(value))).toBeLessThan(0.001);
        else expect(`${key} ${m.samples.get(key)}`).toBe(`${key} ${value}`);
      }
    }
  });

  test("mon gateway import-pushgateway FILE prints what would load and changes nothing", () => {
    const before = readFileSync(file);
    const lines: string[] = [];
    expect(importPushgatewayCheck(file, (t) => lines.push(t))).toBe(0);
    const text = lines.join("");
    expect(text).toContain('{job="batch",instance="db1"} families=5 series=13 ');
    expect(text).toContain('{job="odd",empty="",path="/var/lib/mon"} families=1 series=1');
    expect(text).toMatch(/\{job="failing"\} families=1 series=1 last_push=\S+Z last_failure=\S+Z/);
    expect(text).toEndWith(`${file}: 3 of 3 groups would load, 15 series\n`);
    expect(new Uint8Array(readFileSync(file))).toEqual(new Uint8Array(before));
    expect(importPushgatewayCheck(join(dir, "none.db"), () => {})).toBe(1);
  });

  test("a gateway started on it loads it, keeps the original untouched beside it, and writes mon's format", async () => {
    const original = readFileSync(file);
    const log = recordingLogger();
    const config = configFromFlags(parseFlags(GATEWAY_FLAGS, [`--web.listen-address=${LOOPBACK_ANY}`, `--persistence.file=${file}`]).flags);
    const gw = await launchGateway(config, log);
    try {
      const kept = readdirSync(dir).filter((n) => n.startsWith("pushgateway.db.pushgateway-"));
      expect(kept.length).toBe(1);
      expect(new Uint8Array(readFileSync(join(dir, kept[0])))).toEqual(new Uint8Array(original));
      expect(decodeSnapshot(readFileSync(file)).length).toBe(3);
      expect(log.lines.find((l) => l.msg.startsWith("read a Pushgateway persistence file"))?.fields).toMatchObject({ groups: 3 });
      const text = await (await fetch(`http://${gw.addresses[0]}/metrics`)).text();
      expect(text).toContain('c_total{instance="db1",job="batch",table="orders"} 5.5e+06');
      expect(text).toContain('u{instance="db1",job="batch"} NaN');
    } finally {
      await gw.shutdown();
    }
  });
});

describe("gob and time decoding", () => {
  test("time.Time's binary form", () => {
    // 2024-01-02T03:04:05.678Z: 63839761445 seconds since year 1, 678000000 ns, UTC (-1 minute offset).
    const b = new Uint8Array(15);
    const v = new DataView(b.buffer);
    v.setUint8(0, 1);
    v.setBigInt64(1, 63839761445n);
    v.setInt32(9, 678_000_000);
    v.setInt16(13, -1);
    expect(new Date(decodeGoTime(b)).toISOString()).toBe("2024-01-02T03:04:05.678Z");
  });

  test("a file that is neither mon's nor Pushgateway's is kept aside as before, naming both", () => {
    const bad = join(dir, "garbage.db");
    writeFileSync(bad, "\u0005\u00ffgarbage");
    expect(() => decodePushgatewayFile(readFileSync(bad))).toThrow(GobError);
  });
});
