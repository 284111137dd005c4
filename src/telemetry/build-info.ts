// <program>_build_info, as client_golang's version collector exposes it for
// node_exporter and Pushgateway; mon reports its own version and Bun's.

import type { FamilyBuilder } from "../metrics/family-builder.ts";
import { buildInfo } from "../version.ts";

export function collectBuildInfo(out: FamilyBuilder, program: "node_exporter" | "pushgateway"): void {
  const b = buildInfo();
  out.gauge(
    `${program}_build_info`,
    `A metric with a constant '1' value labeled by version, revision, branch, goversion from which ${program} was built, and the goos and goarch for the build.`,
    1,
    {
      branch: b.branch,
      goarch: process.arch === "x64" ? "amd64" : process.arch,
      goos: process.platform,
      goversion: `bun${b.bunVersion}`,
      revision: b.revision,
      tags: "unknown",
      version: b.version,
    },
  );
}
