import type { CollectorDefinition } from "../collector.ts";
import { type Vulnerability, readCpuVulnerabilities } from "../host/sysfs/cpu-vulnerabilities.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const CPU_VULNERABILITIES_INFO = metricDesc(
  "node_cpu_vulnerabilities_info",
  "gauge",
  "Details of each CPU vulnerability reported by sysfs. The value of the series is an int encoded state of the vulnerability. The same state is stored as a string in the label",
  ["codename", "state", "mitigation"],
);

export const cpuVulnerabilitiesCollector: CollectorDefinition = {
  name: "cpu_vulnerabilities",
  create: ({ paths }) => ({
    update(out) {
      let vulns: Vulnerability[];
      try {
        vulns = readCpuVulnerabilities(paths);
      } catch (err) {
        throw new Error(`failed to get vulnerabilities: ${(err as Error).message}`, { cause: err });
      }
      for (const v of vulns) {
        out.add(CPU_VULNERABILITIES_INFO, 1, { codename: v.codename, state: v.state, mitigation: v.mitigation });
      }
    },
  }),
};
