// Every collector enabled on this machine, in-process (launchExporter): the
// scrape must be well-formed exposition (promtool check metrics reports no
// parse error), and no collector may take the scrape down.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { COLLECTORS } from "../../src/exporter/collector-list.ts";
import { EXPORTER_MODE, type RunningExporter, exporterConfigFromFlags, launchExporter } from "../../src/exporter/start.ts";
import { parseModeArgs } from "../../src/flags/run-mode.ts";
import { parseText } from "../../src/metrics/text-parser.ts";
import { silentLogger } from "../../src/telemetry/logger.ts";
import { programMissing, skipWhenMissing } from "../support/requirements.ts";

const PROMTOOL = process.env.PROMTOOL ?? "/usr/bin/promtool";
const noPromtool = skipWhenMissing("promtool check of every collector's output", programMissing(PROMTOOL, "apt-get install prometheus"));

describe("exporter with every collector enabled", () => {
  let exporter: RunningExporter;
  let body: string;
  beforeAll(async () => {
    const enable = COLLECTORS.map((c) => `--collector.${c.name}`);
    const parsed = parseModeArgs(EXPORTER_MODE, ["--web.listen-address=127.0.0.1:0", ...enable]);
    if (parsed.kind !== "start") throw new Error(`flags did not parse: ${parsed.kind}`);
    exporter = await launchExporter(exporterConfigFromFlags(parsed.flags), silentLogger);
    const res = await fetch(`http://${exporter.addresses[0]}/metrics`);
    expect(res.status).toBe(200);
    body = await res.text();
  });
  afterAll(async () => {
    await exporter?.shutdown();
  });

  test("the scrape parses with mon's strict parser and reports every collector", () => {
    const families = parseText(body);
    const reported = new Set(
      families
        .find((f) => f.name === "node_scrape_collector_success")
        ?.metrics.map((m) => m.labels.collector) ?? [],
    );
    expect([...reported].sort()).toEqual(COLLECTORS.map((c) => c.name).sort());
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
