// node_exporter's netstat collector: the counters of /proc/net/{netstat,snmp,snmp6}
// whose "Protocol_Field" name matches --collector.netstat.fields.

import { parseGoFloat } from "../../go/format-float.ts";
import { defineCollector } from "../collector.ts";
import { compileGoRegexp } from "../../go/regexp.ts";
import { NetStatsRow, readSnmp6, scanNetStatFile, scanSnmpFile } from "../host/procfs/net-snmp.ts";
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
    // The rows of netstat and snmp are kept between scrapes (NetStatsRow):
    // 70 KB allocated per scrape when both files became Maps of name and
    // value strings, 10 KB with these (heap capacity grown over 10-20
    // scrapes, per scrape). snmp6 (one name per line) still becomes a Map.
    const known: NetStatsRow[] = [];
    const netstatRows: NetStatsRow[] = [];
    const snmpRows: NetStatsRow[] = [];
    // Protocol to its fields: a protocol in a later file replaces the whole
    // protocol but keeps its place, as upstream merges them.
    const stats = new Map<string, NetStatsRow | Map<string, string>>();
    return {
      update(out) {
        stats.clear();
        try {
          scanNetStatFile(paths, known, netstatRows);
        } catch (err) {
          throw new Error(`couldn't get netstats: ${(err as Error).message}`, { cause: err });
        }
        try {
          scanSnmpFile(paths, known, snmpRows);
        } catch (err) {
          throw new Error(`couldn't get SNMP stats: ${(err as Error).message}`, { cause: err });
        }
        let snmp6;
        try {
          snmp6 = readSnmp6(paths);
        } catch (err) {
          throw new Error(`couldn't get SNMP6 stats: ${(err as Error).message}`, { cause: err });
        }
        // A row's values are in the text of the last file that had it; a
        // row in both files (the same names line) takes snmp's, as before.
        for (const row of netstatRows) stats.set(row.protocol, row);
        for (const row of snmpRows) stats.set(row.protocol, row);
        if (snmp6 !== undefined) for (const [k, v] of snmp6) stats.set(k, v);
        for (const [protocol, fields] of stats) {
          if (fields instanceof NetStatsRow) {
            for (const i of fields.unique) {
              const value = fields.value(i);
              const name = fields.names[i];
              if (value === undefined) throw new Error(`invalid value ${fields.valueText(i)} in netstats (${protocol}_${name})`);
              const desc = descOf(protocol, name);
              if (desc !== null) out.add(desc, value);
            }
            continue;
          }
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
