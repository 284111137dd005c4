// Every collector enabled on this machine: the scrape must be well-formed
// exposition (promtool check metrics reports no parse error), and no
// collector may take the scrape down.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { COLLECTORS } from "../../src/exporter/collector-list.ts";
import { parseText } from "../../src/metrics/text-parser.ts";
import { programMissing, skipWhenMissing } from "../support/requirements.ts";
import { type RunningMon, spawnMon } from "../support/spawn-mon.ts";

const PROMTOOL = process.env.PROMTOOL ?? "/usr/bin/promtool";
const noPromtool = skipWhenMissing("promtool check of every collector's output", programMissing(PROMTOOL, "apt-get install prometheus"));

describe("exporter with every collector enabled", () => {
  let mon: RunningMon;
  let body: string;
  beforeAll(async () => {
    const enable = COLLECTORS.map((c) => `--collector.${c.definition.name}`);
    mon = await spawnMon(["exporter", ...enable, "--log.level=error"]);
    const res = await fetch(`${mon.base}/metrics`);
    expect(res.status).toBe(200);
    body = await res.text();
  });
  afterAll(async () => {
    await mon?.stop();
  });

  test("the scrape parses with mon's strict parser and reports every collector", () => {
    const families = parseText(body);
    const reported = new Set(
      families
        .find((f) => f.name === "node_scrape_collector_success")
        ?.metrics.map((m) => m.labels.collector) ?? [],
    );
    expect([...reported].sort()).toEqual(COLLECTORS.map((c) => c.definition.name).sort());
  });

  test.skipIf(noPromtool)("promtool check metrics finds no parse error", async () => {
    const proc = Bun.spawn([PROMTOOL, "check", "metrics"], { stdin: new TextEncoder().encode(body), stdout: "pipe", stderr: "pipe" });
    const out = (await new Response(proc.stdout).text()) + (await new Response(proc.stderr).text());
    // promtool exits 1 on a parse error and 3 on lint findings only. Lint
    // findings (e.g. upstream counters without _total) are upstream's naming,
    // which mon must keep; parse errors are not acceptable.
    const code = await proc.exited;
    expect(out).not.toMatch(/error while linting|text format parsing error/);
    expect(code).not.toBe(1);
  });
});
