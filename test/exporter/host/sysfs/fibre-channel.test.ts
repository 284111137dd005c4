import { describe, expect, test } from "bun:test";
import { NoDataError } from "../../../../src/exporter/collector.ts";
import { fibrechannelCollector } from "../../../../src/exporter/collectors/fibrechannel.ts";
import { readFibreChannelClass } from "../../../../src/exporter/host/sysfs/fibre-channel.ts";
import { collectorScraper, makeHostTree } from "../../../support/host-tree.ts";

const host = {
  "sys/class/fc_host/host0/speed": "16 Gbit\n",
  "sys/class/fc_host/host0/port_name": "0x1000e0071bce95f2\n",
  "sys/class/fc_host/host0/port_id": "0x00\n",
  "sys/class/fc_host/host0/statistics/error_frames": "0x13\n",
  "sys/class/fc_host/host0/statistics/rx_frames": "0xffffffffffffffff\n",
  "sys/class/fc_host/host0/statistics/reset_statistics": "",
  "sys/class/fc_host/host0/statistics/lip_count": "0x1\n",
};

describe("fibre channel", () => {
  test("attributes and counters", () => {
    const t = makeHostTree(host);
    try {
      const [h] = readFibreChannelClass(t.paths);
      const cases: [string, unknown, unknown][] = [
        ["name", h.name, "host0"],
        ["speed", h.attributes.speed, "16 Gbit"],
        ["0x dropped", h.attributes.port_name, "1000e0071bce95f2"],
        ["two chars kept", h.attributes.port_id, "00"],
        ["absent attribute", h.attributes.fabric_name, ""],
        ["hex counter", h.counters.error_frames, 19n],
        ["all ones kept exactly", h.counters.rx_frames, 0xffffffffffffffffn],
      ];
      for (const [what, got, want] of cases) expect({ what, got }).toEqual({ what, got: want });
    } finally {
      t.remove();
    }
  });

  test("collector skips not-available counters", async () => {
    const t = makeHostTree(host);
    try {
      const text = await collectorScraper(fibrechannelCollector, t.paths)();
      expect(text).toContain('node_fibrechannel_error_frames_total{fc_host="host0"} 19');
      expect(text).toContain('node_fibrechannel_info{dev_loss_tmo="",fabric_name="",fc_host="host0",port_id="00"');
      expect(text).not.toContain("node_fibrechannel_rx_frames_total");
    } finally {
      t.remove();
    }
  });

  test("a bad counter fails with the file", () => {
    const t = makeHostTree({ "sys/class/fc_host/host1/statistics/nos_count": "lots\n" });
    try {
      expect(() => readFibreChannelClass(t.paths)).toThrow('nos_count: invalid value "lots"');
    } finally {
      t.remove();
    }
  });

  test("no fc_host class is no data", async () => {
    const t = makeHostTree({});
    try {
      await expect(collectorScraper(fibrechannelCollector, t.paths)()).rejects.toBeInstanceOf(NoDataError);
    } finally {
      t.remove();
    }
  });
});
