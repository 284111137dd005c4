// node_exporter's own end-to-end check, against the compiled binary: start
// dist/mon from the fixture folder with e2e-args.txt and compare /metrics
// with collector/fixtures/e2e-output.txt, family by family, series by series.
// mon's target is 1.12.1 now; where 1.12.1 answers this input differently
// the difference is listed below with the upstream change that made it.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { COLLECTORS } from "../../src/exporter/collector-list.ts";
import { skipWhenMissing } from "../support/requirements.ts";
import { type RunningMon, spawnMon } from "../support/spawn-mon.ts";
import {
  UPSTREAM_DROPPED,
  argsForCollectors,
  checkKnownGaps,
  collectorOf,
  compareExpositions,
  e2eArgs,
  FIXTURE_MISSING,
  preparedFixtureDir,
  removePreparedFixtureDir,
  goldenOutput,
  scrapeSeriesOf,
} from "../support/golden.ts";

/**
 * Collectors mon does not have yet. Their families (and their flags) are left
 * out of the comparison, and nothing else is.
 */
const MISSING_COLLECTORS: string[] = [];

/**
 * Where mon follows node_exporter 1.12.1 (its target) and so differs from
 * 1.8.2's output for the same input: the difference (a family, or a
 * node_scrape_collector_* series; see checkKnownGaps) and the upstream pull
 * request that made it. Checked both ways, like the 1.12.1 test's gaps.
 */
const EXPECTED_DIFFERENCES: [difference: string, upstreamPR: string][] = [
  // A collector new since 1.8.2, on by default; this fixture has no bcachefs.
  ['node_scrape_collector_success{collector="bcachefs"}', "#3523"],
  // Likewise kernel_hung; this fixture's /proc/sys/kernel has no hung_task_detect_count.
  ['node_scrape_collector_success{collector="kernel_hung"}', "#3470"],
  // Likewise dmmultipath, which finds no multipath map here and reports success.
  ['node_scrape_collector_success{collector="dmmultipath"}', "#3581"],
  // The rotational label (#3022, read cheaply since #3686) and the ID_SERIAL fallback (#3398).
  ["node_disk_info", "#3022 #3398"],
  // procfs swapped the v4 client's GetDeviceInfo and LayoutGet counts until procfs#726.
  ["node_nfs_requests_total", "procfs#726"],
  // mountstats: a transport label per xprt: line (#3358), and the mount point info series (#3554).
  ["node_mountstats_nfs_transport_*", "#3358"],
  ["node_mountstats_nfs_mountpoint_info", "#3554"],
  // nvme reads cntlid (#3360, procfs#731), which this fixture lacks: no data here.
  ["node_nvme_info", "#3360"],
  ['node_scrape_collector_success{collector="nvme"}', "#3360"],
  // btrfs commit statistics (#3010), zeros where commit_stats is absent.
  ["node_btrfs_commit*", "#3010"],
  ["node_btrfs_last_commit_seconds", "#3010"],
  ["node_btrfs_max_commit_seconds", "#3010"],
  // The /proc/cpuinfo frequency now comes with cpufreq enabled, not without it (#3318).
  ["node_cpu_frequency_hertz", "#3318"],
  // wifi station packet counters (#3382).
  ["node_wifi_station_received_packets_total", "#3382"],
  ["node_wifi_station_transmitted_packets_total", "#3382"],
];

const dir = preparedFixtureDir();
const skip = skipWhenMissing("exporter golden test", dir ? undefined : FIXTURE_MISSING);

describe.skipIf(skip)("exporter golden output (node_exporter 1.8.2 e2e fixture)", () => {
  let mon: RunningMon;
  let body: string;
  // A collector that has landed is always compared, even before this list
  // is pruned: the list can only ever leave out what mon truly lacks.
  const registered = new Set(COLLECTORS.map((c) => c.name));
  const missing = new Set(MISSING_COLLECTORS.filter((n) => !registered.has(n)));

  beforeAll(async () => {
    const stale = MISSING_COLLECTORS.filter((n) => registered.has(n));
    if (stale.length > 0) console.warn(`prune MISSING_COLLECTORS: mon now has ${stale.join(", ")}`);
    const args = argsForCollectors(e2eArgs(dir as string), (c) => !missing.has(c));
    mon = await spawnMon(["exporter", ...args], { cwd: dir });
    body = await (await fetch(`${mon.base}/metrics`)).text();
  });
  afterAll(async () => {
    await mon?.stop();
    removePreparedFixtureDir();
  });

  test("every family, series and value matches", () => {
    const skip = (name: string) => UPSTREAM_DROPPED.test(name) || missing.has(collectorOf(name) ?? "");
    const r = compareExpositions(goldenOutput(dir as string), body, skip, scrapeSeriesOf(missing));
    console.log(
      `golden: ${r.familiesMatched}/${r.families} families and ${r.samplesMatched}/${r.samples} samples match` +
        ` (${missing.size} collectors not compared yet: ${[...missing].join(", ")};` +
        ` ${EXPECTED_DIFFERENCES.length} expected differences, following 1.12.1)`,
    );
    const expected = EXPECTED_DIFFERENCES.map(([d]) => d);
    const { unexplained, stale } = checkKnownGaps(r, expected);
    if (unexplained.length > 0) for (const p of r.problems) console.log(`  ${p}`);
    expect({ unexplained, stale }).toEqual({ unexplained: [], stale: [] });
  });
});
