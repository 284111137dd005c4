// Preloaded by `bun test` (bunfig.toml): the e2e tests spawn dist/mon, so it
// must be built from the sources under test. compile.ts stamps the hash of
// what it built from into dist/mon.sources; when that stamp is missing or
// differs from the current sources, dist/mon is rebuilt here before any test
// runs, and a failed build fails the run with the compiler's output.

import { existsSync, readFileSync } from "node:fs";
import { BINARY, ROOT, SOURCES_STAMP, sourceHash } from "../../source-hash.ts";

function staleBecause(want: string): string | undefined {
  if (!existsSync(BINARY)) return "is not built";
  if (!existsSync(SOURCES_STAMP)) return "has no source stamp (dist/mon.sources)";
  if (readFileSync(SOURCES_STAMP, "utf8").trim() !== want) return "was built from other sources than these";
  return undefined;
}

const want = sourceHash();
const why = staleBecause(want);
if (why !== undefined) {
  console.error(`dist/mon ${why}: building it (bun compile.ts) before the tests`);
  const build = Bun.spawnSync([process.execPath, "compile.ts"], { cwd: ROOT, stdout: "inherit", stderr: "inherit" });
  if (build.exitCode !== 0) throw new Error(`dist/mon could not be built (bun compile.ts exited ${build.exitCode}); the e2e tests need it`);
  const still = staleBecause(sourceHash());
  if (still !== undefined) throw new Error(`dist/mon ${still} after a build: were sources edited during it?`);
}
