// What dist/mon is built from, as one hash. compile.ts writes it to
// dist/mon.sources after a successful build; `bun test` compares it with the
// current sources (test/support/fresh-binary.ts, preloaded by bunfig.toml) so
// that no e2e test runs a binary older than the code under test.

import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";

export const ROOT = import.meta.dir;
export const BINARY = join(ROOT, "dist/mon");
export const SOURCES_STAMP = join(ROOT, "dist/mon.sources");
/** What the build reads besides node_modules, whose versions the lock file pins. */
const INPUT_DIRS = ["src"];
const INPUT_FILES = ["compile.ts", "source-hash.ts", "package.json", "package-lock.json", "tsconfig.json"];

/** sha256 over the build target and the inputs' paths and contents. */
export function sourceHash(target = process.env.MON_BUN_TARGET ?? "bun-linux-x64"): string {
  const files = [...INPUT_FILES];
  for (const dir of INPUT_DIRS) {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })) {
      if (e.isFile()) files.push(relative(ROOT, join(e.parentPath, e.name)));
    }
  }
  const h = createHash("sha256").update(`target ${target}\0`);
  for (const file of files.sort()) h.update(`${file}\0`).update(readFileSync(join(ROOT, file))).update("\0");
  return h.digest("hex");
}
