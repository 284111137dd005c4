import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectTextfiles } from "../../../src/exporter/collectors/textfile.ts";
import { silentLogger } from "../../../src/log/logger.ts";
import { FamilyBuilder } from "../../../src/metrics/family-builder.ts";
import { writeText } from "../../../src/metrics/text-writer.ts";

const root = mkdtempSync(join(tmpdir(), "mon-textfile-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function dir(name: string, files: Record<string, string>): string {
  const d = join(root, name);
  mkdirSync(d, { recursive: true });
  for (const [f, text] of Object.entries(files)) {
    writeFileSync(join(d, f), text);
    utimesSync(join(d, f), 1700000000, 1700000000.9);
  }
  return d;
}

function scrape(pattern: string): string {
  const out = new FamilyBuilder();
  collectTextfiles(out, pattern, silentLogger);
  return writeText(out.build());
}

describe("collectTextfiles", () => {
  const rows: [string, Record<string, string>, string[], string[]][] = [
    [
      "good file with mtime in whole seconds",
      { "a.prom": "# HELP job_ok Whether the job ran.\n# TYPE job_ok gauge\njob_ok 1\n" },
      ["job_ok 1\n", 'node_textfile_mtime_seconds{file="<dir>/a.prom"} 1.7e+09\n', "node_textfile_scrape_error 0\n"],
      [],
    ],
    [
      "timestamps skip the file and set the error",
      { "t.prom": "m 1 1441205977284\n", "ok.prom": "n 2\n" },
      ["n 2\n", "node_textfile_scrape_error 1\n", "# HELP n Metric read from <dir>/ok.prom\n"],
      ["m 1", "t.prom"],
    ],
    [
      "a parse error skips the file",
      { "bad.prom": "m{ 1\n" },
      ["node_textfile_scrape_error 1\n"],
      ["node_textfile_mtime_seconds"],
    ],
    ["files not ending in .prom are ignored", { "x.txt": "garbage{\n" }, ["node_textfile_scrape_error 0\n"], ["x.txt"]],
  ];
  test.each(rows)("%s", (name, files, present, absent) => {
    const d = dir(name.replaceAll(" ", "_"), files);
    const text = scrape(d);
    for (const p of present) expect(text).toContain(p.replaceAll("<dir>", d));
    for (const a of absent) expect(text).not.toContain(a);
  });

  test("a missing directory sets the error", () => {
    expect(scrape(join(root, "nope"))).toContain("node_textfile_scrape_error 1\n");
  });
  test("no directory configured is not an error", () => {
    expect(scrape("")).toBe(
      "# HELP node_textfile_scrape_error 1 if there was an error opening or reading a file, 0 otherwise\n# TYPE node_textfile_scrape_error gauge\nnode_textfile_scrape_error 0\n",
    );
  });
});
