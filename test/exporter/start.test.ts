import { describe, expect, test } from "bun:test";
import { parseModeArgs } from "../../src/flags/run-mode.ts";
import { EXPORTER_MODE, exporterConfigFromFlags, launchExporter } from "../../src/exporter/start.ts";
import { silentLogger } from "../../src/telemetry/logger.ts";
import { registered } from "../support/collectors.ts";

function config(argv: string[]) {
  const parsed = parseModeArgs(EXPORTER_MODE, ["--web.listen-address=127.0.0.1:0", ...argv]);
  if (parsed.kind !== "start") throw new Error(`not a start: ${parsed.kind}`);
  return exporterConfigFromFlags(parsed.flags);
}

describe("launchExporter", () => {
  test("serves the enabled collectors in-process on the port it picked", async () => {
    const exporter = await launchExporter(config(["--collector.disable-defaults", "--collector.loadavg"]), silentLogger);
    try {
      expect(exporter.registry.names).toEqual(["loadavg"]);
      const res = await fetch(`http://${exporter.addresses[0]}/metrics`);
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(body).toContain("node_load1 ");
      expect(body).toContain('node_scrape_collector_success{collector="loadavg"} 1');
    } finally {
      await exporter.shutdown();
    }
  });

  test("shutdown does not wait for a stuck scrape", async () => {
    // A collector whose read never returns, like a textfile on a hung network mount.
    let entered!: () => void;
    const scraping = new Promise<void>((r) => (entered = r));
    const stuck = registered({
      name: "stuck",
      create: () => ({
        update: () => {
          entered();
          return new Promise<void>(() => {});
        },
      }),
    });
    const exporter = await launchExporter({ ...config([]), collectors: [stuck] }, silentLogger);
    const scrape = fetch(`http://${exporter.addresses[0]}/metrics`).then(
      (res) => `answered ${res.status}`,
      () => "cut",
    );
    await scraping;
    // Resolving at all is the test: waiting for the scrape would never end.
    await exporter.shutdown();
    expect(await scrape).toBe("cut");
  });

  test("a taken port is refused, naming the address", async () => {
    const first = await launchExporter(config(["--collector.disable-defaults"]), silentLogger);
    try {
      const taken = { ...config(["--collector.disable-defaults"]), listenAddresses: [first.addresses[0]] };
      await expect(launchExporter(taken, silentLogger)).rejects.toThrow(`cannot listen on ${first.addresses[0]}: Failed to start server`);
    } finally {
      await first.shutdown();
    }
  });

  test("a collector that cannot be built is refused in node_exporter's words", async () => {
    const bad = config(["--collector.disable-defaults", "--collector.diskstats", "--collector.diskstats.device-exclude=a", "--collector.diskstats.device-include=b"]);
    await expect(launchExporter(bad, silentLogger)).rejects.toThrow("Couldn't create collector: device-exclude & device-include are mutually exclusive");
  });
});

describe("mon exporter's command line", () => {
  test("refuses a stray argument as kingpin does", () => {
    expect(() => parseModeArgs(EXPORTER_MODE, ["stray-arg"])).toThrow("unexpected stray-arg");
  });
});
