import type { CollectorDefinition } from "../collector.ts";
import { type Utsname, uname } from "../kernel/uname.ts";

/** The collector over a given uname, so tests can feed it fixed values. */
export function unameCollectorWith(call: () => Utsname): CollectorDefinition {
  return {
    name: "uname",
    create: () => ({
      update(out) {
        const u = call();
        out.gauge("node_uname_info", "Labeled system information as provided by the uname system call.", 1, {
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
