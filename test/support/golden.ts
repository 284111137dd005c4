// Comparison of an exposition against node_exporter's golden e2e output.
// Line-based on purpose: it must not depend on mon's own parser, whose
// correctness is part of what is being checked.

import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

/** Why fixtureDir() found nothing. */
export const FIXTURE_MISSING =
  "node_exporter 1.8.2 fixture folder not found (../shared/node_exporter-1.8.2 beside the checkout, or NODE_EXPORTER_FIXTURES)";

export function fixtureDir(): string | undefined {
  const dir = process.env.NODE_EXPORTER_FIXTURES ?? resolve(import.meta.dir, "../../../shared/node_exporter-1.8.2");
  return existsSync(join(dir, "e2e-args.txt")) ? dir : undefined;
}

/**
 * Empty directories of upstream's sys.ttar that the shared copy lost (git
 * keeps no empty directories). node_exporter 1.8.2 produced e2e-output.txt
 * with them present, e.g. node_watchdog_info{name="watchdog1"}.
 */
const LOST_EMPTY_DIRS = ["collector/fixtures/sys/class/watchdog/watchdog1"];

let prepared: string | undefined;

/**
 * A private copy of the fixture folder (5 MB) with the lost empty
 * directories restored, so the run sees the tree upstream's run saw. The
 * shared folder is read-only and stays untouched.
 */
export function preparedFixtureDir(): string | undefined {
  if (prepared) return prepared;
  const dir = fixtureDir();
  if (!dir) return undefined;
  const copy = mkdtempSync(join(tmpdir(), "mon-golden-"));
  cpSync(dir, copy, { recursive: true, verbatimSymlinks: true });
  for (const d of LOST_EMPTY_DIRS) mkdirSync(join(copy, d), { recursive: true });
  restoreSymlinks(join(copy, "collector/fixtures"));
  prepared = copy;
  return copy;
}

/**
 * The shared copy may hold upstream's symlinks (sys/class/net/eth0,
 * proc/self, ...) as small regular files whose content is the link target.
 * A file whose whole content is a relative path to an existing directory
 * next to it is such a link: make it one again. Returns how many.
 */
export function restoreSymlinks(root: string): number {
  let restored = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && statSync(p).size <= 256) {
        const target = readFileSync(p, "utf8");
        if (!/^[\w.:@+-][\w.:@+/-]*$/.test(target) || target.startsWith("/")) continue;
        const resolved = resolve(dirname(p), target);
        if (!existsSync(resolved) || !statSync(resolved).isDirectory()) continue;
        unlinkSync(p);
        symlinkSync(target, p);
        restored++;
      }
    }
  };
  walk(root);
  return restored;
}

/**
 * node_exporter 1.12.1's fixture folder (NODE_EXPORTER_1_12_FIXTURES or
 * ../shared/node_exporter-1.12.1), holding fixtures.tar.gz and e2e-args.txt.
 */
export function fixtureDir1121(): string | undefined {
  const dir =
    process.env.NODE_EXPORTER_1_12_FIXTURES ?? resolve(import.meta.dir, "../../../shared/node_exporter-1.12.1");
  return existsSync(join(dir, "fixtures.tar.gz")) && existsSync(join(dir, "e2e-args.txt")) ? dir : undefined;
}

/**
 * Unpacks a fixture tarball (upstream's collector/fixtures, with symlinks and
 * empty folders intact) into a fresh temp folder and returns that folder; the
 * caller removes it. The shared tarball is only read.
 */
export function unpackFixtureTarball(tarball: string): string {
  const into = mkdtempSync(join(tmpdir(), "mon-golden-1121-"));
  const r = Bun.spawnSync(["tar", "-xzf", tarball, "-C", into], { stderr: "pipe" });
  if (r.exitCode !== 0) {
    rmSync(into, { recursive: true, force: true });
    throw new Error(`tar -xzf ${tarball} failed (exit ${r.exitCode}): ${r.stderr.toString()}`);
  }
  return into;
}

export function removePreparedFixtureDir(): void {
  if (prepared) rmSync(prepared, { recursive: true, force: true });
  prepared = undefined;
}

export function e2eArgs(dir: string): string[] {
  return readFileSync(join(dir, "e2e-args.txt"), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

/** The e2e flags without the enable and option flags of collectors not in `keep`. */
export function argsForCollectors(args: readonly string[], keep: (collector: string) => boolean): string[] {
  return args.filter((a) => {
    const m = /^--(?:no-)?collector\.([a-z_0-9]+)(?:[.=]|$)/.exec(a);
    return !m || m[1] === "disable-defaults" || keep(m[1]);
  });
}

export function goldenOutput(dir: string): string {
  return readFileSync(join(dir, "collector/fixtures/e2e-output.txt"), "utf8");
}

/** Upstream's filter (see the fixture folder's README), applied to HELP/TYPE lines too. */
export const UPSTREAM_DROPPED =
  /^(go_|node_exporter_build_info|node_scrape_collector_duration_seconds|process_|node_textfile_mtime_seconds|node_time_(zone|seconds)|node_network_(receive|transmit)_(bytes|packets)_total)/;

/**
 * Which families each collector emits, for leaving out the collectors mon
 * does not have yet (and nothing else). Order matters: the first match wins,
 * so narrower patterns come before the broad ones of the same prefix.
 */
export const COLLECTOR_FAMILIES: [string, RegExp][] = [
  ["cpu_vulnerabilities", /^node_cpu_vulnerabilities_/],
  ["cpufreq", /^node_cpu_(scaling_|frequency_)/],
  ["cpu", /^node_cpu_/],
  ["meminfo_numa", /^node_memory_numa_/],
  ["meminfo", /^node_memory_/],
  ["netdev", /^node_network_(receive|transmit)_.*_total$/],
  ["netclass", /^node_network_/],
  ["softirqs", /^node_softirqs_functions_total$/],
  ["stat", /^node_(boot_time_seconds|context_switches_total|forks_total|intr_total|procs_|softirqs_total)/],
  ["thermal_zone", /^node_(thermal_zone_|cooling_device_)/],
  ["powersupplyclass", /^node_power_supply_/],
  ["conntrack", /^node_nf_conntrack_/],
  ["mdadm", /^node_md_/],
  ["tapestats", /^node_tape_/],
  ["diskstats", /^node_disk_/],
  ["udp_queues", /^node_udp_queues/],
  ["textfile", /^(node_textfile_|testmetric)/],
  ["nfsd", /^node_nfsd_/],
  ["nfs", /^node_nfs_/],
  ["time", /^node_time_/],
  ...[
    "arp", "bcache", "bonding", "btrfs", "buddyinfo", "cgroups", "dmi", "drbd", "edac", "entropy",
    "fibrechannel", "filefd", "hwmon", "infiniband", "interrupts", "ipvs", "ksmd", "lnstat", "load",
    "mountstats", "netstat", "nvme", "os", "pressure", "processes", "qdisc", "rapl", "schedstat",
    "slabinfo", "sockstat", "softnet", "sysctl", "vmstat", "watchdog", "wifi", "xfrm", "xfs", "zfs",
    "zoneinfo",
  ].map((c): [string, RegExp] => [c === "load" ? "loadavg" : c, new RegExp(`^node_${c}`)]),
];

/** Leaves out the per-collector scrape series of the given collectors. */
export function scrapeSeriesOf(collectors: ReadonlySet<string>): (key: string) => boolean {
  return (key) => {
    const m = /^node_scrape_collector_\w+\{collector="([^"]+)"\}$/.exec(key);
    return m !== null && collectors.has(m[1]);
  };
}

export function collectorOf(family: string): string | undefined {
  return COLLECTOR_FAMILIES.find(([, re]) => re.test(family))?.[0];
}

export interface Family {
  help?: string;
  type?: string;
  /** Sample key (name + sorted labels as written) to value text. */
  samples: Map<string, string>;
  /** Sample keys written more than once (Prometheus keeps only one of them). */
  duplicates: string[];
}

const SAMPLE_RE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)(?:\s+\S+)?$/;

function baseFamily(name: string, families: Map<string, Family>): string {
  for (const suffix of ["_bucket", "_sum", "_count"]) {
    if (name.endsWith(suffix)) {
      const base = name.slice(0, -suffix.length);
      const t = families.get(base)?.type;
      if (t === "summary" || t === "histogram") return base;
    }
  }
  return name;
}

export function parseExposition(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const get = (n: string) => {
    let f = families.get(n);
    if (!f) families.set(n, (f = { samples: new Map(), duplicates: [] }));
    return f;
  };
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      if (meta[1] === "HELP") get(meta[2]).help = meta[3];
      else get(meta[2]).type = meta[3];
      continue;
    }
    if (line.startsWith("#")) continue;
    const m = SAMPLE_RE.exec(line);
    if (!m) throw new Error(`unparseable exposition line: ${line}`);
    const f = get(baseFamily(m[1], families));
    const key = `${m[1]}${m[2] ?? ""}`;
    if (f.samples.has(key)) f.duplicates.push(key);
    f.samples.set(key, m[3]);
  }
  return families;
}

export interface Comparison {
  families: number;
  familiesMatched: number;
  samples: number;
  samplesMatched: number;
  problems: string[];
  /**
   * What differs, one unit per entry: a family name, or for the per-collector
   * scrape families (node_scrape_collector_*) the series key, so that one
   * collector's failure does not hide behind another's.
   */
  mismatched: Set<string>;
}

/** The unit a difference of `key` in `family` is counted under (see Comparison.mismatched). */
function mismatchUnit(family: string, key?: string): string {
  return key !== undefined && family.startsWith("node_scrape_collector_") ? key : family;
}

/** Compares families, HELP, TYPE, every series and value, both ways. */
export function compareExpositions(
  expectedText: string,
  actualText: string,
  skip: (family: string) => boolean,
  skipSeries: (key: string) => boolean = () => false,
): Comparison {
  const expected = parseExposition(expectedText);
  const actual = parseExposition(actualText);
  const r: Comparison = {
    families: 0,
    familiesMatched: 0,
    samples: 0,
    samplesMatched: 0,
    problems: [],
    mismatched: new Set(),
  };
  const problem = (text: string, family: string, key?: string) => {
    r.problems.push(text);
    r.mismatched.add(mismatchUnit(family, key));
  };
  for (const [name, e] of expected) {
    if (skip(name)) continue;
    r.families++;
    const a = actual.get(name);
    if (!a) {
      problem(`missing family ${name}`, name);
      r.samples += e.samples.size;
      continue;
    }
    let ok = true;
    if (a.help !== e.help) {
      ok = false;
      problem(`HELP of ${name}: want "${e.help}", got "${a.help}"`, name);
    }
    if (a.type !== e.type) {
      ok = false;
      problem(`TYPE of ${name}: want ${e.type}, got ${a.type}`, name);
    }
    for (const [key, value] of e.samples) {
      if (skipSeries(key)) continue;
      r.samples++;
      const got = a.samples.get(key);
      if (got === undefined) {
        ok = false;
        problem(`missing series ${key} (want ${value})`, name, key);
      } else if (got !== value) {
        ok = false;
        problem(`value of ${key}: want ${value}, got ${got}`, name, key);
      } else r.samplesMatched++;
    }
    for (const key of a.samples.keys()) {
      if (!e.samples.has(key) && !skipSeries(key)) {
        ok = false;
        problem(`extra series ${key}`, name, key);
      }
    }
    for (const key of a.duplicates) {
      if (skipSeries(key)) continue;
      ok = false;
      problem(`duplicate series ${key}`, name, key);
    }
    if (ok) r.familiesMatched++;
  }
  for (const name of actual.keys()) {
    if (!skip(name) && !expected.has(name)) problem(`extra family ${name}`, name);
  }
  return r;
}

/**
 * Checks a comparison against a list of known differences, both ways. An
 * entry is a unit of Comparison.mismatched, or a prefix ending in "*".
 * Returns the differences no entry explains and the entries that explain no
 * difference (stale: the list must shrink when something is fixed).
 */
export function checkKnownGaps(r: Comparison, gaps: readonly string[]): { unexplained: string[]; stale: string[] } {
  const covers = (entry: string, unit: string) =>
    entry.endsWith("*") ? unit.startsWith(entry.slice(0, -1)) : entry === unit;
  const units = [...r.mismatched];
  return {
    unexplained: units.filter((u) => !gaps.some((g) => covers(g, u))).sort(),
    stale: gaps.filter((g) => !units.some((u) => covers(g, u))),
  };
}

/**
 * The e2e flags with their fixture paths made absolute under `dir`, for an
 * in-process run: the process's working folder is not the fixture's.
 */
export function absoluteFixtureArgs(args: readonly string[], dir: string): string[] {
  return args.map((a) => a.replace(/=collector\/fixtures/, `=${join(dir, "collector/fixtures")}`));
}
