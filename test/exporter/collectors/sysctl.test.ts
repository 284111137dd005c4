import { describe, expect, test } from "bun:test";
import { emitSysctl, parseSysctlSpec, sanitizeMetricName } from "../../../src/exporter/collectors/sysctl.ts";
import { FamilyBuilder } from "../../../src/metrics/family-builder.ts";

describe("parseSysctlSpec", () => {
  const rows: [string, string, { name: string; keys: string[] }][] = [
    ["plain", "kernel.threads-max", { name: "kernel.threads-max", keys: [] }],
    ["with keys", "fs.file-nr:total,current,max", { name: "fs.file-nr", keys: ["total", "current", "max"] }],
  ];
  test.each(rows)("%s", (_name, include, want) => {
    expect(parseSysctlSpec(include, true)).toMatchObject(want);
  });
});

describe("sanitizeMetricName", () => {
  const rows: [string, string][] = [
    ["kernel.threads-max", "kernel_threads_max"],
    ["net.ipv4.tcp_rmem", "net_ipv4_tcp_rmem"],
    ["a_.-_b", "a_b"],
  ];
  test.each(rows)("%s", (name, want) => {
    expect(sanitizeMetricName(name)).toBe(want);
  });
});

function emit(include: string, numeric: boolean, fields: string[]): string[] {
  const out = new FamilyBuilder();
  emitSysctl(out, parseSysctlSpec(include, numeric), fields);
  return out.build().flatMap((f) => f.metrics.map((m) => `${f.name}${JSON.stringify(m.labels)}=${m.value} ${f.type}`));
}

describe("emitSysctl", () => {
  const rows: [string, string, boolean, string[], string[]][] = [
    ["single numeric", "kernel.threads-max", true, ["7801"], ["node_sysctl_kernel_threads_max{}=7801 untyped"]],
    ["indexed numeric", "fs.file-nr", true, ["1", "0x10"], ['node_sysctl_fs_file_nr{"index":"0"}=1 untyped', 'node_sysctl_fs_file_nr{"index":"1"}=16 untyped']],
    ["mapped numeric", "fs.file-nr:total,current", true, ["5", "6"], ["node_sysctl_fs_file_nr_total{}=5 untyped", "node_sysctl_fs_file_nr_current{}=6 untyped"]],
    ["single info", "kernel.x", false, ["abc"], ['node_sysctl_info{"name":"kernel.x","value":"abc","index":"0"}=1 gauge']],
    ["indexed info", "kernel.y", false, ["a", "b"], ['node_sysctl_info{"name":"kernel.y","value":"a","index":"0"}=1 gauge', 'node_sysctl_info{"name":"kernel.y","value":"b","index":"1"}=1 gauge']],
  ];
  test.each(rows)("%s", (_name, include, numeric, fields, want) => {
    expect(emit(include, numeric, fields)).toEqual(want);
  });

  const bad: [string, string, boolean, string[], string][] = [
    ["no values", "a.b", true, [], "sysctl a.b has no values"],
    ["one value but keys", "a.b:x,y", true, ["1"], "has only one value, but expected [x y]"],
    ["key count mismatch", "a.b:x,y", true, ["1", "2", "3"], "has 3 keys but only 2 defined"],
    ["mapped strings", "a.b:x,y", false, ["p", "q"], "mapped sysctl string values not supported"],
    ["not an int", "a.b", true, ["z"], 'field 0 in sysctl a.b is not a valid int: "z"'],
  ];
  test.each(bad)("rejects %s", (_name, include, numeric, fields, message) => {
    expect(() => emit(include, numeric, fields)).toThrow(message);
  });
});
