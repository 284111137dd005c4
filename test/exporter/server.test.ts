import { describe, expect, test } from "bun:test";
import { NoDataError } from "../../src/exporter/collector.ts";
import type { AnyCollectorDefinition } from "../../src/exporter/collector.ts";
import { EXPORTER_FLAGS, exporterFlagTable } from "../../src/exporter/flags.ts";
import { Paths, DEFAULT_PATHS } from "../../src/exporter/paths.ts";
import { ExporterRegistry } from "../../src/exporter/registry.ts";
import { createExporterApp } from "../../src/exporter/server.ts";
import { metricDesc } from "../../src/metrics/metric-desc.ts";
import { parseFlags } from "../../src/flags/flag-table.ts";
import { createLogger, silentLogger } from "../../src/telemetry/logger.ts";
import { COLLECTORS } from "../../src/exporter/collector-list.ts";
import { makeHostTree } from "../support/host-tree.ts";

// Stand-in collectors: one healthy, one failing, one without data, one slow.
const GOOD = metricDesc("node_good", "gauge", "Good.");
const BROKEN_PARTIAL = metricDesc("node_broken_partial", "gauge", "Emitted before failing.");
let release: () => void = () => {};
const fakes: AnyCollectorDefinition[] = [
  { name: "good", create: () => ({ update: (out) => out.add(GOOD, 1) }) },
  {
    name: "broken",
    create: () => ({
      update: (out) => {
        out.add(BROKEN_PARTIAL, 1);
        throw new Error("boom");
      },
    }),
  },
  { name: "absent", create: () => ({ update: () => { throw new NoDataError(); } }) },
  { name: "slow", create: () => ({ update: () => new Promise<void>((r) => (release = r)) }) },
];

function app(opts: { maxRequests?: number; disableExporterMetrics?: boolean; enabled?: string[] } = {}) {
  const { flags } = parseFlags(EXPORTER_FLAGS, []);
  const enabled = (opts.enabled ?? ["absent", "broken", "good"]).map((name) => fakes.find((f) => f.name === name) as AnyCollectorDefinition);
  const registry = new ExporterRegistry(
    fakes.map((f) => f.name),
    enabled,
    { paths: new Paths(DEFAULT_PATHS), flags, logger: silentLogger },
  );
  return createExporterApp({
    registry,
    logger: silentLogger,
    telemetryPath: "/metrics",
    maxRequests: opts.maxRequests ?? 40,
    disableExporterMetrics: opts.disableExporterMetrics ?? false,
  });
}

describe("exporter /metrics", () => {
  test("a failing collector costs only its own metrics", async () => {
    const res = await app().request("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const body = await res.text();
    expect(body).toContain("node_good 1\n");
    expect(body).toContain('node_scrape_collector_success{collector="good"} 1\n');
    expect(body).toContain('node_scrape_collector_success{collector="broken"} 0\n');
    expect(body).toContain('node_scrape_collector_success{collector="absent"} 0\n');
    expect(body).toContain("node_exporter_build_info{");
    expect(body).toContain("process_resident_memory_bytes ");
    expect(body).toContain('promhttp_metric_handler_requests_total{code="200"} 0\n');
  });

  const filters: [string, string, string[], string[]][] = [
    ["collect[] keeps only the named collector", "/metrics?collect[]=good", ["node_good 1"], ['collector="broken"']],
    ["several collect[]", "/metrics?collect[]=good&collect[]=absent", ['collector="absent"', "node_good"], ['collector="broken"']],
    ["exclude[] drops one", "/metrics?exclude[]=broken", ["node_good 1", 'collector="absent"'], ['collector="broken"']],
  ];
  test.each(filters)("%s", async (_name, url, present, absent) => {
    const body = await (await app().request(url)).text();
    for (const p of present) expect(body).toContain(p);
    for (const a of absent) expect(body).not.toContain(a);
  });

  const rejected: [string, string][] = [
    ["nope", "Couldn't create filtered metrics handler: missing collector: nope"],
    ["slow", "Couldn't create filtered metrics handler: disabled collector: slow"],
  ];
  test.each(rejected)("collect[]=%s is a 400", async (name, message) => {
    const res = await app().request(`/metrics?collect[]=${name}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toBe(message);
  });

  test("gzip when asked", async () => {
    const res = await app().request("/metrics", { headers: { "Accept-Encoding": "gzip, deflate" } });
    expect(res.headers.get("Content-Encoding")).toBe("gzip");
    const text = new TextDecoder().decode(Bun.gunzipSync(new Uint8Array(await res.arrayBuffer())));
    expect(text).toContain("node_good 1\n");
  });

  test("--web.disable-exporter-metrics drops process_ and promhttp_ but keeps build info", async () => {
    const body = await (await app({ disableExporterMetrics: true }).request("/metrics")).text();
    expect(body).not.toContain("process_");
    expect(body).not.toContain("promhttp_");
    expect(body).toContain("node_exporter_build_info{");
  });

  test("--web.max-requests answers 503 beyond the limit", async () => {
    const a = app({ maxRequests: 1, enabled: ["slow"] });
    const first = a.request("/metrics");
    await Bun.sleep(0);
    const second = await a.request("/metrics");
    expect(second.status).toBe(503);
    expect(await second.text()).toContain("Limit of concurrent requests reached (1)");
    release();
    expect((await first).status).toBe(200);
  });

  test("scrapes count themselves after answering", async () => {
    const a = app();
    await a.request("/metrics");
    const body = await (await a.request("/metrics")).text();
    expect(body).toContain('promhttp_metric_handler_requests_total{code="200"} 1\n');
    expect(body).toContain("promhttp_metric_handler_requests_in_flight 1\n");
  });

  test("landing page links to the telemetry path", async () => {
    const res = await app().request("/");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<a href="/metrics">Metrics</a>');
  });
});

describe("gather-time consistency check", () => {
  async function hostApp(prom: string) {
    const t = makeHostTree({ "proc/loadavg": "0.50 0.25 0.10 1/100 42\n", "textfiles/x.prom": prom });
    const lines: string[] = [];
    const logger = createLogger({ level: "info", format: "logfmt", write: (l) => lines.push(l) });
    const { flags } = parseFlags(exporterFlagTable(COLLECTORS), [`--collector.textfile.directory=${t.root}/textfiles`]);
    const registry = await ExporterRegistry.create(COLLECTORS, ["loadavg", "textfile"], { paths: t.paths, flags, logger });
    const a = createExporterApp({ registry, logger, telemetryPath: "/metrics", maxRequests: 40, disableExporterMetrics: false });
    return { a, lines, remove: t.remove };
  }

  test("a textfile can neither shadow nor repeat a collector's series", async () => {
    const h = await hostApp("# TYPE node_load1 counter\nnode_load1 5\n# HELP node_load5 5m load average.\n# TYPE node_load5 gauge\nnode_load5 7\n");
    try {
      const first = await h.a.request("/metrics");
      expect(first.status).toBe(200);
      const body = await first.text();
      expect(body).toContain("# HELP node_load1 1m load average.\n# TYPE node_load1 gauge\nnode_load1 0.5\n# HELP");
      expect(body).toContain("# TYPE node_load5 gauge\nnode_load5 0.25\n# HELP");
      expect(body).not.toContain("node_load1 5");
      expect(body).not.toContain("node_load5 7");
      expect(body).toContain('promhttp_metric_handler_errors_total{cause="gathering"} 0\n');
      expect(body).toContain("node_textfile_scrape_error 0\n");
      const errors = h.lines.filter((l) => l.includes("error gathering metrics"));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain("2 error(s) occurred:");
      expect(errors[0]).toContain("collected metric node_load1 counter:{value:5} has help");
      expect(errors[0]).toContain("node_load5");
      expect(errors[0]).toContain("was collected before with the same name and label values");
      const second = await (await h.a.request("/metrics")).text();
      expect(second).toContain('promhttp_metric_handler_errors_total{cause="gathering"} 1\n');
    } finally {
      h.remove();
    }
  });

  test("a consistent scrape logs nothing and counts nothing", async () => {
    const h = await hostApp("# HELP mine_total Mine.\n# TYPE mine_total counter\nmine_total 3\n");
    try {
      await h.a.request("/metrics");
      const body = await (await h.a.request("/metrics")).text();
      expect(body).toContain("mine_total 3\n");
      expect(body).toContain('promhttp_metric_handler_errors_total{cause="gathering"} 0\n');
      expect(h.lines.filter((l) => l.includes("error gathering metrics"))).toEqual([]);
    } finally {
      h.remove();
    }
  });
});
