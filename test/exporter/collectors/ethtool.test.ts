import { describe, expect, test } from "bun:test";
import { buildEthtoolFQName, emitLinkModes, emitStats } from "../../../src/exporter/collectors/ethtool.ts";
import { silentLogger } from "../../../src/telemetry/logger.ts";
import { FamilyBuilder } from "../../../src/metrics/family-builder.ts";
import { writeText } from "../../../src/metrics/text-writer.ts";

describe("buildEthtoolFQName", () => {
  test.each([
    ["rx_packets", "node_ethtool_received_packets"],
    ["tx_queue_0_bytes", "node_ethtool_transmitted_queue_0_bytes"],
    ["port.rx_dropped", "node_ethtool_port_received_dropped"],
    ["RX_Errors", "node_ethtool_received_errors"],
    ["_rx", "node_ethtool_received"],
    ["rxtx", "node_ethtool_rxtx"],
  ])("%s", (metric, want) => {
    expect(buildEthtoolFQName(metric)).toBe(want);
  });
});

describe("emitStats", () => {
  const scrape = (stats: Record<string, number>, include = /.*/) => {
    const out = new FamilyBuilder();
    emitStats(out, "eth0", new Map(Object.entries(stats)), include, silentLogger);
    return writeText(out.build());
  };
  test("known stats use upstream's names and HELP", () => {
    expect(scrape({ rx_bytes: 10 })).toBe(
      '# HELP node_ethtool_received_bytes_total Network interface bytes received\n# TYPE node_ethtool_received_bytes_total untyped\nnode_ethtool_received_bytes_total{device="eth0"} 10\n',
    );
  });
  test("other stats are untyped with a generated HELP", () => {
    expect(scrape({ tx_kicks: 4 })).toContain('# HELP node_ethtool_transmitted_kicks Network interface tx_kicks\n# TYPE node_ethtool_transmitted_kicks untyped\nnode_ethtool_transmitted_kicks{device="eth0"} 4\n');
  });
  test("names colliding after sanitizing are dropped", () => {
    expect(scrape({ "a.b": 1, a_b: 2, c: 3 })).not.toContain("node_ethtool_a_b");
  });
  test("a name that needed sanitizing reads 0, as upstream", () => {
    expect(scrape({ "port.x": 5 })).toContain('node_ethtool_port_x{device="eth0"} 0\n');
  });
  test("metrics-include filters on the sanitized name", () => {
    expect(scrape({ rx_bytes: 1, tx_kicks: 2 }, /^rx_/)).not.toContain("kicks");
  });
});

describe("emitLinkModes", () => {
  const out = new FamilyBuilder();
  // 10/100/1000 full+half, autoneg, TP, pause; advertising 1000 full + autoneg.
  emitLinkModes(out, "eth0", 0x20ff, 0x0060, 1);
  const text = writeText(out.build());
  test.each([
    'node_network_supported_speed_bytes{device="eth0",duplex="full",mode="1000baseT"} 1.25e+08',
    'node_network_supported_speed_bytes{device="eth0",duplex="half",mode="10baseT"} 1.25e+06',
    'node_network_supported_port_info{device="eth0",type="TP"} 1',
    'node_network_autonegotiate_supported{device="eth0"} 1',
    'node_network_pause_supported{device="eth0"} 1',
    'node_network_asymmetricpause_supported{device="eth0"} 0',
    'node_network_advertised_speed_bytes{device="eth0",duplex="full",mode="1000baseT"} 1.25e+08',
    'node_network_pause_advertised{device="eth0"} 0',
    'node_network_autonegotiate{device="eth0"} 1',
  ])("%s", (line) => {
    expect(text).toContain(`${line}\n`);
  });
  test("only set bits give speeds", () => {
    expect(text).not.toContain('node_network_advertised_speed_bytes{device="eth0",duplex="half"');
  });
});
