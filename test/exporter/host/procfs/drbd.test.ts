import { describe, expect, test } from "bun:test";
import { NoDataError } from "../../../../src/exporter/collector.ts";
import { drbdCollector } from "../../../../src/exporter/collectors/drbd.ts";
import { parseDrbd } from "../../../../src/exporter/host/procfs/drbd.ts";
import { collectorScraper, makeHostTree } from "../../../support/host-tree.ts";

const text = `version: 8.4.3 (api:1/proto:86-101)
srcversion: 1A9F77B1CA5FF92235C2213

 1: cs:Connected ro:Primary/Secondary ds:UpToDate/Diskless C r-----
    ns:100 nr:200 dw:3 dr:4 al:5 bm:6 lo:0 pe:0 ua:0 ap:0 ep:1 wo:d oos:7
`;

describe("parseDrbd", () => {
  const fields = parseDrbd(text);
  const cases: [string, string, string | undefined][] = [
    ["cs", "drbd1", "Connected"],
    ["ns", "drbd1", "100"],
    ["wo", "drbd1", "d"],
    ["version", "unknown", ""],
    ["(api", "unknown", undefined],
  ];
  test.each(cases)("%s", (key, device, value) => {
    expect(fields.find((f) => f.key === key && f.device === device)?.value).toBe(value);
  });
});

describe("drbd collector", () => {
  test("exposition", async () => {
    const t = makeHostTree({ "proc/drbd": text });
    try {
      const out = await collectorScraper(drbdCollector, t.paths)();
      const want = [
        'node_drbd_connected{device="drbd1"} 1',
        'node_drbd_node_role_is_primary{device="drbd1",node="local"} 1',
        'node_drbd_node_role_is_primary{device="drbd1",node="remote"} 0',
        'node_drbd_disk_state_is_up_to_date{device="drbd1",node="remote"} 0',
        'node_drbd_network_sent_bytes_total{device="drbd1"} 102400',
        'node_drbd_network_received_bytes_total{device="drbd1"} 200',
        'node_drbd_out_of_sync_bytes{device="drbd1"} 7168',
        "# TYPE node_drbd_epochs gauge",
      ];
      for (const line of want) expect(out).toContain(line);
    } finally {
      t.remove();
    }
  });

  const bad: [string, string, string][] = [
    ["bad number", "0: ns:x\n", 'ns: invalid number "x"'],
    ["pair without slash", "0: ro:Primary\n", 'ro: want local/remote, got "Primary"'],
  ];
  test.each(bad)("%s fails", async (_n, content, message) => {
    const t = makeHostTree({ "proc/drbd": content });
    try {
      await expect(collectorScraper(drbdCollector, t.paths)()).rejects.toThrow(message);
    } finally {
      t.remove();
    }
  });

  test("no /proc/drbd is no data", async () => {
    const t = makeHostTree({});
    try {
      await expect(collectorScraper(drbdCollector, t.paths)()).rejects.toBeInstanceOf(NoDataError);
    } finally {
      t.remove();
    }
  });
});
