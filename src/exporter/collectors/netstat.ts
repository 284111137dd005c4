// node_exporter's netstat collector: the counters of /proc/net/{netstat,snmp,snmp6}
// whose "Protocol_Field" name matches --collector.netstat.fields.

import { parseGoFloat } from "../../go/format-float.ts";
import { defineCollector } from "../collector.ts";
import { compileGoRegexp } from "../../go/regexp.ts";
import { readNetStat, readSnmp, readSnmp6 } from "../host/procfs/net-snmp.ts";
import { type MetricDesc, metricDesc } from "../../metrics/metric-desc.ts";
import { NETSTAT_OPTIONS } from "./options/netstat.ts";

export const netstatCollector = defineCollector({
  name: "netstat",
  options: NETSTAT_OPTIONS,
  create({ paths, options }) {
    const pattern = compileGoRegexp(options.fields, "--collector.netstat.fields");
    // The kernel's counter names do not change between scrapes: match each
    // once, and declare each wanted one once (null: not wanted).
    // Keyed by protocol, then field: looking up `${protocol}_${name}` would
    // build and hash a new string for each of ~300 fields on every scrape.
    const declared = new Map<string, Map<string, MetricDesc | null>>();
    const descOf = (protocol: string, name: string): MetricDesc | null => {
      let byName = declared.get(protocol);
      if (byName === undefined) {
        byName = new Map();
        declared.set(protocol, byName);
      }
      let d = byName.get(name);
      if (d === undefined) {
        const key = `${protocol}_${name}`;
        d = pattern.test(key) ? metricDesc(`node_netstat_${key}`, "untyped", `Statistic ${protocol}${name}.`) : null;
        byName.set(name, d);
      }
      return d;
    };
    return {
      update(out) {
        let stats;
        try {
          stats = readNetStat(paths);
        } catch (err) {
          throw new Error(`couldn't get netstats: ${(err as Error).message}`, { cause: err });
        }
        try {
          // A protocol in both files takes snmp's fields, as upstream merges whole protocols.
          for (const [k, v] of readSnmp(paths)) stats.set(k, v);
        } catch (err) {
          throw new Error(`couldn't get SNMP stats: ${(err as Error).message}`, { cause: err });
        }
        try {
          for (const [k, v] of readSnmp6(paths) ?? []) stats.set(k, v);
        } catch (err) {
          throw new Error(`couldn't get SNMP6 stats: ${(err as Error).message}`, { cause: err });
        }
        for (const [protocol, fields] of stats) {
          for (const [name, text] of fields) {
            const value = parseGoFloat(text);
            if (value === undefined) throw new Error(`invalid value ${text} in netstats (${protocol}_${name})`);
            const desc = descOf(protocol, name);
            if (desc !== null) out.add(desc, value);
          }
        }
      },
    };
  },
});
