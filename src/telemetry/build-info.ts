// <program>_build_info, as client_golang's version collector exposes it for
// node_exporter and Pushgateway; mon reports its own version and Bun's.

import type { FamilyBuilder } from "../metrics/family-builder.ts";
import { type MetricDesc, metricDesc } from "../metrics/metric-desc.ts";
import { buildInfo } from "../version.ts";

type Program = "node_exporter" | "pushgateway";
type BuildInfoLabel = "branch" | "goarch" | "goos" | "goversion" | "revision" | "tags" | "version";

const buildInfoDesc = (program: Program): MetricDesc<BuildInfoLabel> =>
  metricDesc(
    `${program}_build_info`,
    "gauge",
    `A metric with a constant '1' value labeled by version, revision, branch, goversion from which ${program} was built, and the goos and goarch for the build.`,
    ["branch", "goarch", "goos", "goversion", "revision", "tags", "version"],
  );
const BUILD_INFO: Record<Program, MetricDesc<BuildInfoLabel>> = {
  node_exporter: buildInfoDesc("node_exporter"),
  pushgateway: buildInfoDesc("pushgateway"),
};

export function collectBuildInfo(out: FamilyBuilder, program: Program): void {
  const b = buildInfo();
  out.add(
    BUILD_INFO[program],
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
