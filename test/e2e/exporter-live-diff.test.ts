// Differential test on the live machine: Debian's node_exporter 1.5.0 and
// dist/mon, default collectors, scraped in turn: reference, mon, reference.
// Two processes never read the host at the same moment, so only what cannot
// move between their scrapes is compared:
// - presence and type of every series the reference shows in both scrapes;
// - HELP of every family both expose;
// - values fixed by the hardware or the configuration (FIXED_VALUES);
// - counters, which only go up: reference-before <= mon <= reference-after
//   (the three scrapes are strictly one after another).
// What differs because of the 1.5.0 -> 1.8.2 upgrade (or Debian's build) is
// listed below, each with the change that explains it.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { MEMINFO_FIELDS } from "../../src/exporter/collectors/meminfo.ts";
import { type Family, parseExposition } from "../support/golden.ts";
import { LOOPBACK_ANY, type SpawnedServer, spawnServer } from "../support/server-port.ts";
import { programMissing, skipWhenMissing } from "../support/requirements.ts";
import { type RunningMon, spawnMon } from "../support/spawn-mon.ts";

const REFERENCE = process.env.NODE_EXPORTER_REFERENCE ?? "/usr/bin/prometheus-node-exporter";

/** Series (by name and labels) that may legitimately differ, and why. */
export const KNOWN_DIFFERENCES: { series: RegExp; why: string }[] = [
  {
    series: /^node_scrape_collector_(success|duration_seconds)\{collector="systemd"\}$/,
    why: "Debian's 1.5.0 build enables the systemd collector by default (debian/patches); upstream 1.8.2 has it disabled by default.",
  },
  {
    series: /^node_disk_[a-z_]+\{device="zram\d+"/,
    why: "1.8.2's default --collector.diskstats.device-exclude also skips zram devices (node_exporter #2898, e22174ca).",
  },
  {
    series: /^(go_|process_|promhttp_|node_exporter_build_info)/,
    why: "The exporter's own metrics describe each program's runtime (Go vs Bun), not the host.",
  },
  {
    series: /^node_(sockstat_(sockets_used|TCP_(alloc|inuse|orphan|tw|mem|mem_bytes))|filefd_allocated)$/,
    why: "Host-wide socket and file counts include the test's own connection to whichever exporter is being scraped, so they differ by one or two between programs even when stable per program.",
  },
  {
    series: /^node_procs_(running|blocked)$/,
    why: "Instantaneous counts of runnable and blocked tasks; the test's own processes change them between scrapes.",
  },
  {
    series: /^node_scrape_collector_duration_seconds/,
    why: "Timing of each scrape; never equal between two programs.",
  },
  {
    // Every node_memory_* field outside MEMINFO_FIELDS (Hugetlb, KReclaimable, Balloon, ...).
    series: new RegExp(`^node_memory_(?!(${[...MEMINFO_FIELDS].join("|")})$)[A-Za-z0-9_]+$`),
    why: "Since 1.9 (#3049) node_exporter reports only the /proc/meminfo fields procfs maps; 1.5.0 reported every line.",
  },
];

/**
 * Labels that 1.8.2 added to existing series. They are removed from mon's
 * series before matching, so those series are still compared, values too.
 */
export const ADDED_LABELS: { family: RegExp; label: string; why: string }[] = [
  {
    family: /^node_filesystem_/,
    label: "device_error",
    why: "1.8.2 labels every node_filesystem_* series with device_error (node_exporter #2923, 12192475).",
  },
  {
    family: /^node_network_info$/,
    label: "adminstate",
    why: "1.8.2 adds adminstate to node_network_info (node_exporter #2515, c8129fad).",
  },
  {
    family: /^node_disk_info$/,
    label: "rotational",
    why: "1.9 adds rotational to node_disk_info (node_exporter #3022).",
  },
];

function withoutAddedLabels(key: string): string {
  const brace = key.indexOf("{");
  if (brace === -1) return key;
  const name = key.slice(0, brace);
  let out = key;
  for (const a of ADDED_LABELS) {
    if (a.family.test(name)) out = out.replace(new RegExp(`${a.label}="(?:[^"\\\\]|\\\\.)*",?`), "").replace(",}", "}");
  }
  return out;
}

const skip = skipWhenMissing(
  "exporter live differential test",
  programMissing(REFERENCE, "the reference node_exporter: apt-get install prometheus-node-exporter"),
);

/**
 * Families whose values cannot change between two scrapes a moment apart:
 * set by the hardware, the kernel build or the configuration, not by load.
 */
export const FIXED_VALUES: { family: RegExp; why: string }[] = [
  { family: /_info$/, why: "Info series are always 1; their labels are what they say, and are compared by presence." },
  { family: /^node_os_version$/, why: "The installed OS release." },
  { family: /^node_boot_time_seconds$/, why: "btime in /proc/stat: the boot moment, moved only by a clock step." },
  {
    family: /^node_memory_(MemTotal|SwapTotal|CommitLimit|VmallocTotal|HugePages_Total|Hugepagesize)_bytes$|^node_memory_HugePages_Total$/,
    why: "Installed memory, configured swap, hugepage pool and size, and the limits derived from them.",
  },
  { family: /^node_filesystem_(size_bytes|readonly|device_error)$/, why: "A mounted filesystem's size and mount state (files is left out: XFS grows its inode count with use)." },
  {
    family: /^node_network_(mtu_bytes|address_assign_type|name_assign_type|device_id|iface_id|iface_link|iface_link_mode|protocol_type|net_dev_group|transmit_queue_length|speed_bytes)$/,
    why: "An interface's configuration and link speed.",
  },
  { family: /^node_(entropy_pool_size_bits|filefd_maximum|nf_conntrack_entries_limit|selinux_enabled|textfile_scrape_error)$/, why: "Kernel constants, sysctls and configuration." },
  { family: /^node_timex_tick_seconds$/, why: "The kernel's tick length." },
  { family: /^node_scrape_collector_success$/, why: "Whether a collector's sources exist on this host, which a scrape does not change." },
];

/** Counters that may go down, so the before <= mon <= after bracket does not hold for them. */
export const NON_MONOTONIC: { series: RegExp; why: string }[] = [
  {
    series: /^node_cpu_seconds_total\{cpu="\d+",mode="(idle|iowait)"\}$/,
    why: "A tickless CPU's ongoing idle time is counted as idle or iowait by nr_iowait at read time and re-attributed when the idle period ends (Documentation/filesystems/proc.rst: iowait can decrease).",
  },
  { series: /^node_softnet_/, why: "32-bit counters in /proc/net/softnet_stat: they wrap." },
];

/** One series as one program exposed it. */
type Reading = { family: string; type: string; value: string };

function seriesTypes(families: Map<string, Family>, rekey: (key: string) => string = (k) => k): Map<string, Reading> {
  const out = new Map<string, Reading>();
  for (const [family, f] of families) {
    for (const [key, value] of f.samples) out.set(rekey(key), { family, type: f.type ?? "untyped", value });
  }
  return out;
}

const known = (key: string) => KNOWN_DIFFERENCES.some((d) => d.series.test(key));

describe.skipIf(skip)("exporter vs node_exporter 1.5.0 on this machine", () => {
  let reference: SpawnedServer;
  let mon: RunningMon;
  let refBase: string;
  const scrapes: { ref1: string; mon: string; ref2: string } = { ref1: "", mon: "", ref2: "" };

  beforeAll(async () => {
    reference = await spawnServer([REFERENCE, `--web.listen-address=${LOOPBACK_ANY}`], { what: "reference node_exporter", readyPath: "/" });
    mon = await spawnMon(["exporter"]);
    refBase = reference.base;
    scrapes.ref1 = await (await fetch(`${refBase}/metrics`)).text();
    scrapes.mon = await (await fetch(`${mon.base}/metrics`)).text();
    scrapes.ref2 = await (await fetch(`${refBase}/metrics`)).text();
  });
  afterAll(async () => {
    await reference?.stop();
    await mon?.stop();
  });

  /** The reference's series present in both of its scrapes: a series that came or went meanwhile proves nothing. */
  function steadyReference() {
    const r1 = seriesTypes(parseExposition(scrapes.ref1));
    const r2 = seriesTypes(parseExposition(scrapes.ref2));
    return { r1, r2, ours: seriesTypes(parseExposition(scrapes.mon), withoutAddedLabels), keys: [...r1.keys()].filter((k) => r2.has(k) && !known(k)) };
  }

  test("every reference series exists in mon with the same type", () => {
    const { r1, ours, keys } = steadyReference();
    const problems: string[] = [];
    for (const key of keys) {
      const m = ours.get(key);
      const r = r1.get(key);
      if (!m) problems.push(`missing in mon: ${key}`);
      else if (m.type !== r?.type) problems.push(`type of ${key}: reference ${r?.type}, mon ${m.type}`);
    }
    console.log(`live diff: ${keys.length} reference series, ${keys.length - problems.length} present in mon with the same type`);
    expect(keys.length).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  test("families both expose have the same HELP", () => {
    const ref = parseExposition(scrapes.ref1);
    const ours = parseExposition(scrapes.mon);
    const problems: string[] = [];
    let compared = 0;
    for (const [name, f] of ref) {
      const m = ours.get(name);
      if (!m || known(name)) continue;
      compared++;
      if (m.help !== f.help) problems.push(`HELP of ${name}: reference ${JSON.stringify(f.help)}, mon ${JSON.stringify(m.help)}`);
    }
    console.log(`live diff: ${compared} HELP texts compared`);
    expect(compared).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  /**
   * Checks each steady reference series `applies` to, given the reference's
   * readings before and after mon's; returns how many it checked and what failed.
   */
  function compareSteady(applies: (key: string, before: Reading) => boolean, problem: (before: Reading, mon: Reading, after: Reading) => string | undefined) {
    const { r1, r2, ours, keys } = steadyReference();
    const problems: string[] = [];
    let compared = 0;
    for (const key of keys) {
      const [before, m, after] = [r1.get(key), ours.get(key), r2.get(key)];
      if (!before || !m || !after || !applies(key, before)) continue;
      compared++;
      const p = problem(before, m, after);
      if (p) problems.push(`${key}: ${p}`);
    }
    return { compared, problems };
  }

  test("values fixed by the hardware and the configuration agree", () => {
    const { compared, problems } = compareSteady(
      (_key, before) => FIXED_VALUES.some((f) => f.family.test(before.family)),
      // Fixed means fixed: a reference that disagrees with itself is a wrong entry in FIXED_VALUES.
      (before, m, after) =>
        after.value !== before.value ? `not fixed: the reference read ${before.value}, then ${after.value}`
        : m.value !== before.value ? `reference ${before.value}, mon ${m.value}`
        : undefined,
    );
    console.log(`live diff: ${compared} fixed values compared`);
    expect(compared).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });

  test("counters read by mon lie between the reference's readings before and after", () => {
    const { compared, problems } = compareSteady(
      (key, before) => before.type === "counter" && !NON_MONOTONIC.some((n) => n.series.test(key)),
      (before, m, after) =>
        Number(before.value) <= Number(m.value) && Number(m.value) <= Number(after.value)
          ? undefined
          : `reference ${before.value} then ${after.value}, mon in between ${m.value}`,
    );
    console.log(`live diff: ${compared} counters bracketed`);
    expect(compared).toBeGreaterThan(50);
    expect(problems).toEqual([]);
  });
});
