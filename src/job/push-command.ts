// `mon push [flags] [FILE|-]`: the curl replacement. The body is checked with
// mon's strict parser before anything is sent, gzipped, and sent with PUT
// (default), POST (--add) or DELETE (--delete) to every destination.
//
// Exit codes: 0 every destination took the push; 1 a gateway refused it or
// could not be reached (its message printed); 2 usage error or invalid body
// (nothing sent).

import { readFileSync } from "node:fs";
import { FlagError, type FlagValues, defineFlags } from "../flags/flag-table.ts";
import type { Mode } from "../flags/run-mode.ts";
import { FamilyBuilder } from "../metrics/family-builder.ts";
import type { MetricFamily, MetricType } from "../metrics/types.ts";
import { deliver } from "./deliver.ts";
import { InputError, parseExposition, parseMetricFlag } from "./exposition-input.ts";
import { DESTINATION_FLAGS, destinationsFromFlags } from "./job-flags.ts";
import type { PushMethod } from "./push-client.ts";

export const EXIT_PUSH_FAILED = 1;
export const EXIT_USAGE = 2;

const DEFAULT_TYPES = ["gauge", "counter", "untyped"] as const;

export const PUSH_FLAGS = defineFlags({
  ...DESTINATION_FLAGS,
  metric: {
    name: "metric",
    kind: "strings",
    placeholder: "NAME=VALUE",
    help: "A gauge to push, e.g. --metric backup_bytes=1234 or --metric 'x{disk=\"a\"}=5'. Repeatable.",
  },
  defaultType: {
    name: "default-type",
    kind: "string",
    default: "",
    choices: ["", ...DEFAULT_TYPES],
    placeholder: "gauge|counter|untyped",
    help: "Type for metrics that have no # TYPE line. Without it such a body is refused.",
  },
  add: { name: "add", kind: "bool", help: "POST: replace only the metrics with the same names in the group (default: PUT replaces the whole group)." },
  delete: { name: "delete", kind: "bool", help: "DELETE the group." },
});

function pushMethod(f: FlagValues): PushMethod {
  const v = f.read(PUSH_FLAGS);
  return v.delete ? "DELETE" : v.add ? "POST" : "PUT";
}

function checkPushCommandLine(f: FlagValues, args: readonly string[]): void {
  destinationsFromFlags(f);
  const v = f.read(PUSH_FLAGS);
  if (v.add && v.delete) throw new FlagError("--add and --delete exclude each other");
  if (args.length > 1) throw new FlagError(`one FILE at most, got ${args.length}`);
  if (v.delete && (args.length > 0 || v.metric.length > 0)) {
    throw new FlagError("--delete sends no metrics; drop FILE and --metric");
  }
}

function readInput(file: string): string {
  try {
    return readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (err) {
    throw new InputError(file === "-" ? "<stdin>" : file, 0, `cannot read: ${(err as Error).message}`);
  }
}

/** The families to send: FILE (or stdin when neither FILE nor --metric is given) and every --metric. */
function readFamilies(f: FlagValues, args: readonly string[]): MetricFamily[] {
  const builder = new FamilyBuilder();
  const { metric: metricFlags, defaultType } = f.read(PUSH_FLAGS);
  const file = args[0] ?? (metricFlags.length === 0 ? "-" : undefined);
  if (file !== undefined) {
    const options = { defaultType: defaultType === "" ? undefined : (defaultType as MetricType) };
    for (const fam of parseExposition(readInput(file), file === "-" ? "<stdin>" : file, options)) builder.addFamily(fam);
  }
  for (const m of metricFlags) for (const fam of parseMetricFlag(m)) builder.addFamily(fam);
  return builder.build();
}

async function push(f: FlagValues, args: readonly string[]): Promise<number> {
  const dest = destinationsFromFlags(f);
  const method = pushMethod(f);
  let families: MetricFamily[] = [];
  if (method !== "DELETE") {
    try {
      families = readFamilies(f, args);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      process.stderr.write(`mon push: error: ${err.message}; nothing was sent\n`);
      return EXIT_USAGE;
    }
  }
  const { failures } = await deliver(dest, method, families);
  for (const line of failures) process.stderr.write(`mon push: error: ${line}\n`);
  return failures.length > 0 ? EXIT_PUSH_FAILED : 0;
}

export const PUSH_MODE: Mode = {
  name: "push",
  description:
    "Push metrics in text exposition format (FILE, - or stdin, or --metric) to every --gateway and/or --textfile-dir. " +
    "Exit codes: 0 accepted, 1 refused or unreachable, 2 usage error or invalid body (nothing sent).",
  flags: Object.values(PUSH_FLAGS),
  args: { usage: "[FILE|-]" },
  usageExitCode: EXIT_USAGE,
  examples: [
    "mon push --gateway=http://gw:9091 --job=deploy --metric deploy_version=42",
    "mon push --job=nightly --add --default-type=gauge stats.prom",
    "mon push --job=nightly --delete",
  ],
  check: checkPushCommandLine,
  start: ({ flags, args }) => push(flags, args),
};
