import { describe, expect, test } from "bun:test";
import { unameCollectorWith } from "../../../src/exporter/collectors/uname.ts";
import { collectorScraper, makeHostTree } from "../../support/host-tree.ts";

describe("uname collector", () => {
  test("one info series with the six fields", async () => {
    const tree = makeHostTree({});
    try {
      const u = { sysname: "Linux", nodename: "vm", release: "6.1.0", version: '#1 SMP "x"', machine: "x86_64", domainname: "(none)" };
      const text = await collectorScraper(unameCollectorWith(() => u), tree.paths)();
      expect(text).toContain(
        'node_uname_info{domainname="(none)",machine="x86_64",nodename="vm",release="6.1.0",sysname="Linux",version="#1 SMP \\"x\\""} 1',
      );
    } finally {
      tree.remove();
    }
  });
});
