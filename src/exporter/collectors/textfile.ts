// node_exporter's textfile collector: every *.prom file of
// --collector.textfile.directory (a directory, or a glob of directories),
// parsed with the strict text-format parser at each scrape. Files that do not
// parse or carry timestamps are skipped and set node_textfile_scrape_error.

import { join } from "node:path";
import type { FamilyBuilder } from "../../metrics/family-builder.ts";
import { TextStreamParser } from "../../metrics/text-parser.ts";
import type { Logger } from "../../telemetry/logger.ts";
import { defineCollector } from "../collector.ts";
import { goGlob } from "../../go/glob.ts";
import { type FileHandle, listDirAsync, openNonBlocking } from "../host/host-fs.ts";
import { type TextfileResult, mergeTextfiles } from "../host/textfile-merge.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";
import { TEXTFILE_OPTIONS } from "./options/textfile.ts";

const TEXTFILE_MTIME_SECONDS = metricDesc(
  "node_textfile_mtime_seconds",
  "gauge",
  "Unixtime mtime of textfiles successfully read.",
  ["file"],
);
const TEXTFILE_SCRAPE_ERROR = metricDesc(
  "node_textfile_scrape_error",
  "gauge",
  "1 if there was an error opening or reading a file, 0 otherwise",
);

// Read in pieces so that a large file costs a piece and its parsed families,
// not its whole text (a 200 MB file of comments took 504 MB at once).
const READ_CHUNK_BYTES = 128 * 1024;

/**
 * Parses one file; the mtime is taken only once the content is known good.
 * Reads are asynchronous, so a read that hangs (a dead network mount) stalls
 * this scrape but leaves the process free to answer other requests and to
 * exit on SIGTERM. The file is opened non-blocking and must then be a
 * regular file: opening a FIFO named x.prom would otherwise wait for a
 * writer, and reading it for data, forever.
 */
export async function readTextfile(path: string): Promise<TextfileResult> {
  let fh: FileHandle;
  try {
    fh = await openNonBlocking(path);
  } catch (err) {
    return { path, error: new Error(`failed to open textfile data file "${path}": ${(err as Error).message}`, { cause: err }) };
  }
  try {
    // One fstat serves both: the type check, and the mtime exposed once the
    // content is known good (a file rewritten meanwhile is at least as new).
    const st = await fh.stat({ bigint: true });
    if (!st.isFile()) {
      return { path, error: new Error(`textfile "${path}" is not a regular file, skipping it`) };
    }
    let families;
    try {
      const parser = new TextStreamParser();
      const buf = Buffer.allocUnsafe(READ_CHUNK_BYTES);
      let total = 0;
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, null);
        if (bytesRead === 0) break;
        parser.push(buf.subarray(0, bytesRead));
        total += bytesRead;
        // A short read that reaches the size fstat saw is the end: no extra
        // round trip to the thread pool just to be told so.
        if (bytesRead < buf.length && total >= st.size) break;
      }
      families = parser.end();
    } catch (err) {
      return { path, error: new Error(`failed to parse textfile data from "${path}": ${(err as Error).message}`, { cause: err }) };
    }
    if (families.some((f) => f.metrics.some((m) => m.timestampMs !== undefined))) {
      return { path, error: new Error(`textfile "${path}" contains unsupported client-side timestamps, skipping entire file`) };
    }
    return { path, families, mtimeSeconds: Number(st.mtimeNs / 1000000000n) };
  } finally {
    await fh.close();
  }
}

/**
 * One scrape of the textfile directory pattern. fixedMtime replaces the
 * files' mtimes, as upstream's tests do to get a stable output.
 */
export async function collectTextfiles(
  out: FamilyBuilder,
  patterns: string | readonly string[],
  logger: Logger,
  fixedMtime?: number,
): Promise<void> {
  // Several patterns since node_exporter 1.9 (#3135), read in the order given.
  const dirs: string[] = [];
  for (const pattern of typeof patterns === "string" ? [patterns] : patterns) {
    let matched: string[];
    try {
      matched = goGlob(pattern);
    } catch {
      matched = [];
    }
    // Not a glob or nothing matched: treat it as one directory and let the read report it.
    dirs.push(...(matched.length === 0 ? [pattern] : matched));
  }
  let errored = false;
  const results: TextfileResult[] = [];
  for (const dir of dirs) {
    // Upstream lists "" too, fails and says nothing: no directory configured.
    // Not asking at all keeps the default set of collectors off the thread
    // pool that asynchronous file operations start (~5 MiB of private memory).
    if (dir === "") continue;
    let names: string[] = [];
    try {
      names = await listDirAsync(dir);
    } catch (err) {
      errored = true;
      logger.error("failed to read textfile collector directory", { path: dir, err });
    }
    for (const name of names) {
      if (!name.endsWith(".prom")) continue;
      results.push(await readTextfile(join(dir, name)));
    }
  }
  const merged = mergeTextfiles(results, logger, errored);
  for (const f of merged.families) out.addFamily(f);
  for (const path of [...merged.mtimes.keys()].sort()) {
    out.add(TEXTFILE_MTIME_SECONDS, fixedMtime ?? (merged.mtimes.get(path) as number), { file: path });
  }
  out.add(TEXTFILE_SCRAPE_ERROR, merged.errored ? 1 : 0);
}

export const textfileCollector = defineCollector({
  name: "textfile",
  externalSeries: true,
  options: TEXTFILE_OPTIONS,
  create({ options, logger }) {
    const patterns = options.directory;
    return {
      update(out) {
        return collectTextfiles(out, patterns, logger);
      },
    };
  },
});
