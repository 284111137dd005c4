// Build information, printed by --version and exported as *_build_info.
// compile.ts replaces the MON_* globals; running from source reads git.

import pkg from "../package.json" with { type: "json" };

declare const MON_REVISION: string | undefined;
declare const MON_BUILD_DATE: string | undefined;
declare const MON_BRANCH: string | undefined;

function fromGit(args: string[]): string {
  try {
    const r = Bun.spawnSync(["git", ...args], { cwd: import.meta.dir, stderr: "ignore" });
    return r.exitCode === 0 ? r.stdout.toString().trim() : "unknown";
  } catch {
    return "unknown";
  }
}

export interface BuildInfo {
  version: string;
  revision: string;
  branch: string;
  buildDate: string;
  bunVersion: string;
  platform: string;
}

let cached: BuildInfo | undefined;

export function buildInfo(): BuildInfo {
  cached ??= {
    version: pkg.version,
    revision: typeof MON_REVISION === "string" ? MON_REVISION : fromGit(["rev-parse", "HEAD"]),
    branch: typeof MON_BRANCH === "string" ? MON_BRANCH : fromGit(["rev-parse", "--abbrev-ref", "HEAD"]),
    buildDate: typeof MON_BUILD_DATE === "string" ? MON_BUILD_DATE : "unknown",
    bunVersion: Bun.version,
    platform: `${process.platform}/${process.arch === "x64" ? "amd64" : process.arch}`,
  };
  return cached;
}

/** The --version text, laid out like node_exporter's and Pushgateway's. */
export function versionText(program = "mon"): string {
  const b = buildInfo();
  return [
    `${program}, version ${b.version} (branch: ${b.branch}, revision: ${b.revision})`,
    `  build date:       ${b.buildDate}`,
    `  bun version:      ${b.bunVersion}`,
    `  platform:         ${b.platform}`,
  ].join("\n");
}
