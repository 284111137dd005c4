import type { CollectorDefinition } from "../collector.ts";
import { type Utsname, uname } from "../kernel/uname.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const UNAME_INFO = metricDesc(
  "node_uname_info",
  "gauge",
  "Labeled system information as provided by the uname system call.",
  ["sysname", "release", "version", "machine", "nodename", "domainname"],
);

/** The collector over a given uname, so tests can feed it fixed values. */
export function unameCollectorWith(call: () => Utsname): CollectorDefinition {
  return {
    name: "uname",
    create: () => ({
      update(out) {
        const u = call();
        out.add(UNAME_INFO, 1, {
          sysname: u.sysname,
          release: u.release,
          version: u.version,
          machine: u.machine,
          nodename: u.nodename,
          domainname: u.domainname,
        });
      },
    }),
  };
}

export const unameCollector: CollectorDefinition = unameCollectorWith(uname);
