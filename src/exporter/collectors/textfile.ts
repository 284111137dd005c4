// node_exporter's textfile collector: every *.prom file of
// --collector.textfile.directory (a directory, or a glob of directories),
// parsed with the strict text-format parser at each scrape. Files that do not
// parse or carry timestamps are skipped and set node_textfile_scrape_error.

import { closeSync, fstatSync, openSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { FamilyBuilder } from "../../metrics/family-builder.ts";
import { parseTextBytes } from "../../metrics/text-parser.ts";
import type { Logger } from "../../log/logger.ts";
import type { CollectorDefinition } from "../collector.ts";
import { goGlob } from "../../go/glob.ts";
import { type TextfileResult, mergeTextfiles } from "../host/textfile-merge.ts";

/** Parses one file; the mtime is taken only once the content is known good. */
export function readTextfile(path: string): TextfileResult {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (err) {
    return { path, error: new Error(`failed to open textfile data file "${path}": ${(err as Error).message}`, { cause: err }) };
  }
  try {
    let families;
    try {
      families = parseTextBytes(readFileSync(fd));
    } catch (err) {
      return { path, error: new Error(`failed to parse textfile data from "${path}": ${(err as Error).message}`, { cause: err }) };
    }
    if (families.some((f) => f.metrics.some((m) => m.timestampMs !== undefined))) {
      return { path, error: new Error(`textfile "${path}" contains unsupported client-side timestamps, skipping entire file`) };
    }
    try {
      const st = fstatSync(fd, { bigint: true });
      return { path, families, mtimeSeconds: Number(st.mtimeNs / 1000000000n) };
    } catch (err) {
      return { path, families, error: new Error(`failed to stat "${path}": ${(err as Error).message}`, { cause: err }) };
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * One scrape of the textfile directory pattern. fixedMtime replaces the
 * files' mtimes, as upstream's tests do to get a stable output.
 */
export function collectTextfiles(out: FamilyBuilder, pattern: string, logger: Logger, fixedMtime?: number): void {
  let dirs: string[];
  try {
    dirs = goGlob(pattern);
  } catch {
    dirs = [];
  }
  // Not a glob or nothing matched: treat it as one directory and let the read report it.
  if (dirs.length === 0) dirs = [pattern];
  let errored = false;
  const results: TextfileResult[] = [];
  for (const dir of dirs) {
    let names: string[] = [];
    try {
      names = readdirSync(dir).sort();
    } catch (err) {
      if (dir !== "") {
        errored = true;
        logger.error("failed to read textfile collector directory", { path: dir, err });
      }
    }
    for (const name of names) {
      if (!name.endsWith(".prom")) continue;
      results.push(readTextfile(join(dir, name)));
    }
  }
  const merged = mergeTextfiles(results, logger, errored);
  for (const f of merged.families) out.addFamily(f);
  for (const path of [...merged.mtimes.keys()].sort()) {
    out.gauge(
      "node_textfile_mtime_seconds",
      "Unixtime mtime of textfiles successfully read.",
      fixedMtime ?? (merged.mtimes.get(path) as number),
      { file: path },
    );
  }
  out.gauge(
    "node_textfile_scrape_error",
    "1 if there was an error opening or reading a file, 0 otherwise",
    merged.errored ? 1 : 0,
  );
}

export const textfileCollector: CollectorDefinition = {
  name: "textfile",
  externalSeries: true,
  flags: [
    {
      name: "collector.textfile.directory",
      kind: "string",
      default: "",
      help: "Directory to read text files with metrics from.",
    },
  ],
  create({ flags, logger }) {
    const pattern = flags.string("collector.textfile.directory");
    return {
      update(out) {
        collectTextfiles(out, pattern, logger);
      },
    };
  },
};
