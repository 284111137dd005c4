// node_exporter's own textfile test cases (collector/textfile_test.go): each
// fixture directory is collected with the mtime fixed at 1 and only the
// textfile collector's families, and must equal the .out file byte for byte.
// Paths are relative to upstream's collector/ folder, as in its test.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { collectTextfiles } from "../../../src/exporter/collectors/textfile.ts";
import { silentLogger } from "../../../src/telemetry/logger.ts";
import { FamilyBuilder } from "../../../src/metrics/family-builder.ts";
import { gatherChecked } from "../../../src/metrics/gather-check.ts";
import { writeFamilies } from "../../../src/metrics/text-writer.ts";
import { fixtureDir } from "../../support/golden.ts";
import { skipWhenMissing } from "../../support/requirements.ts";

const root = fixtureDir();
const casesDir = root ? join(root, "collector/fixtures/textfile") : undefined;
const present = !skipWhenMissing(
  "textfile upstream cases",
  casesDir !== undefined && existsSync(casesDir)
    ? undefined
    : "node_exporter fixture folder collector/fixtures/textfile not found (../shared/node_exporter-1.8.2 or NODE_EXPORTER_FIXTURES)",
);

/** Case name to the directory (or glob) upstream's test passes. */
function cases(): [string, string][] {
  if (!present) return [];
  return readdirSync(casesDir as string)
    .filter((f) => f.endsWith(".out"))
    .sort()
    .map((f) => {
      const name = f.slice(0, -".out".length);
      const path = name === "glob_extra_dimension" ? "fixtures/textfile/*_extra_dimension" : `fixtures/textfile/${name}`;
      return [name, path];
    });
}

describe.skipIf(!present)("textfile collector on node_exporter's test cases", () => {
  const cwd = process.cwd();
  beforeAll(() => process.chdir(join(root as string, "collector")));
  afterAll(() => process.chdir(cwd));

  test("all upstream cases are present", () => {
    expect(cases().length).toBeGreaterThanOrEqual(15);
  });

  test.each(cases())("%s", async (name, path) => {
    const out = new FamilyBuilder();
    await collectTextfiles(out, path, silentLogger, 1);
    const want = readFileSync(join("fixtures/textfile", `${name}.out`), "utf8");
    // Upstream's expected output went through its registry, as mon's goes through the gather check.
    expect(writeFamilies(gatherChecked(out.build()).families)).toBe(want);
  });
});
