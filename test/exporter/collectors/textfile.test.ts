import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectTextfiles } from "../../../src/exporter/collectors/textfile.ts";
import { createLogger, silentLogger } from "../../../src/telemetry/logger.ts";
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

async function scrape(pattern: string | string[]): Promise<string> {
  const out = new FamilyBuilder();
  await collectTextfiles(out, pattern, silentLogger);
  return writeText(out.build());
}

test("several directories, as a repeated --collector.textfile.directory (node_exporter 1.9)", async () => {
  const a = dir("repeat-a", { "a.prom": "metric_a 1\n" });
  const b = dir("repeat-b", { "b.prom": "metric_b 2\n" });
  const text = await scrape([a, b]);
  expect(text).toContain("metric_a 1\n");
  expect(text).toContain("metric_b 2\n");
  expect(text).toContain("node_textfile_scrape_error 0\n");
});

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
  test.each(rows)("%s", async (name, files, present, absent) => {
    const d = dir(name.replaceAll(" ", "_"), files);
    const text = await scrape(d);
    for (const p of present) expect(text).toContain(p.replaceAll("<dir>", d));
    for (const a of absent) expect(text).not.toContain(a);
  });

  test("a missing directory sets the error", async () => {
    expect(await scrape(join(root, "nope"))).toContain("node_textfile_scrape_error 1\n");
  });
  test("no directory configured is not an error", async () => {
    expect(await scrape("")).toBe(
      "# HELP node_textfile_scrape_error 1 if there was an error opening or reading a file, 0 otherwise\n# TYPE node_textfile_scrape_error gauge\nnode_textfile_scrape_error 0\n",
    );
  });
});

describe("collectTextfiles on what is not a plain small file", () => {
  test("a FIFO, a directory or a socket named *.prom is skipped with the error set; a link to a file is read", async () => {
    const d = dir("odd_entries", { "good.prom": "good 1\n" });
    expect(Bun.spawnSync(["mkfifo", join(d, "x.prom")]).exitCode).toBe(0);
    mkdirSync(join(d, "sub.prom"));
    symlinkSync(join(d, "good.prom"), join(d, "link.prom"));
    const sock = Bun.listen({ unix: join(d, "s.prom"), socket: { data() {} } });
    const lines: string[] = [];
    const logger = createLogger({ level: "error", format: "logfmt", write: (l) => lines.push(l) });
    try {
      const out = new FamilyBuilder();
      // Without the check this never returns: opening the FIFO waits for a writer.
      await collectTextfiles(out, d, logger);
      const text = writeText(out.build());
      expect(text).toContain("node_textfile_scrape_error 1\n");
      expect(text).toContain(`node_textfile_mtime_seconds{file="${d}/good.prom"}`);
      expect(text).toContain(`node_textfile_mtime_seconds{file="${d}/link.prom"}`);
      for (const odd of ["x.prom", "sub.prom"]) {
        expect(lines.some((l) => l.includes(`${d}/${odd}`) && l.includes("is not a regular file"))).toBe(true);
      }
      // A socket cannot even be opened (ENXIO).
      expect(lines.some((l) => l.includes(`failed to open textfile data file \\"${d}/s.prom\\"`))).toBe(true);
    } finally {
      sock.stop(true);
    }
  });

  test("a file larger than a read piece parses as a whole, lines across pieces included", async () => {
    const comment = `# ${"x".repeat(1000)}\n`;
    let body = "";
    for (let i = 0; i < 600; i++) body += `${comment}big_total{n="${i}"} ${i}\n`;
    const d = dir("big_file", { "big.prom": `# HELP big_total Counted.\n# TYPE big_total counter\n${body}` });
    const out = new FamilyBuilder();
    await collectTextfiles(out, d, silentLogger);
    const big = out.build().find((f) => f.name === "big_total");
    expect(big?.type).toBe("counter");
    expect(big?.help).toBe("Counted.");
    expect(big?.metrics).toHaveLength(600);
    expect(big?.metrics[599]).toEqual({ labels: { n: "599" }, value: 599 });
  });
});
