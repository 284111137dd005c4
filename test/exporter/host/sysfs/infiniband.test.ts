import { describe, expect, test } from "bun:test";
import { infinibandCollector } from "../../../../src/exporter/collectors/infiniband.ts";
import { parseCounterValue, parseRate, parseState } from "../../../../src/exporter/host/sysfs/infiniband.ts";
import { collectorScraper, makeHostTree } from "../../../support/host-tree.ts";

describe("parseState", () => {
  test.each([
    ["4: ACTIVE\n", { id: 4, name: "ACTIVE" }],
    ["5: LinkUp\n", { id: 5, name: "LinkUp" }],
    ["1:DOWN", { id: 1, name: "DOWN" }],
  ] as const)("%p", (text, want) => {
    expect(parseState(text)).toEqual(want);
  });
  test.each([
    ["ACTIVE\n", "failed to split"],
    ["a:b:c", "failed to split"],
    ["x: ACTIVE", "failed to convert x into uint"],
    ["-1: ACTIVE", "failed to convert -1 into uint"],
  ])("rejects %p", (text, message) => {
    expect(() => parseState(text)).toThrow(message);
  });
});

describe("parseRate", () => {
  test.each([
    ["40 Gb/sec (4X QDR)\n", 5000000000],
    ["56 Gb/sec (4X FDR)\n", 7000000000],
    ["2.5 Gb/sec (1X SDR)\n", 312500000],
    ["100 Gb/sec (4X EDR)\n", 12500000000],
  ])("%p", (text, want) => {
    expect(parseRate(text)).toBe(want);
  });
  test.each([["40\n"], ["fast Gb/sec"]])("rejects %p", (text) => {
    expect(() => parseRate(text)).toThrow();
  });
});

describe("parseCounterValue", () => {
  test.each([
    ["link_downed", "3", 3],
    ["port_rcv_data", "100", 400],
    ["port_xmit_data_64", "0x10", 64],
    ["port_rcv_data", "18446744073709551615", 18446744073709551612],
    ["symbol_error", "N/A (no PMA)", undefined],
  ] as const)("%s %p", (file, value, want) => {
    expect(parseCounterValue(file, value)).toBe(want);
  });
  test("garbage is an error", () => {
    expect(() => parseCounterValue("link_downed", "lots")).toThrow('parsing "lots"');
  });
});

describe("device filter (node_exporter 1.12)", () => {
  const device = (name: string) => ({
    [`sys/class/infiniband/${name}/board_id`]: "B\n",
    [`sys/class/infiniband/${name}/fw_ver`]: "1\n",
    [`sys/class/infiniband/${name}/hca_type`]: "H\n",
    [`sys/class/infiniband/${name}/ports/1/state`]: "4: ACTIVE\n",
    [`sys/class/infiniband/${name}/ports/1/phys_state`]: "5: LinkUp\n",
    [`sys/class/infiniband/${name}/ports/1/rate`]: "40 Gb/sec (4X QDR)\n",
    [`sys/class/infiniband/${name}/ports/1/counters/link_downed`]: "0\n",
  });
  test("--collector.infiniband.device-include keeps only matching devices", async () => {
    const t = makeHostTree({ ...device("mlx4_0"), ...device("i40iw0") });
    try {
      const all = await collectorScraper(infinibandCollector, t.paths)();
      expect(all).toContain('device="i40iw0"');
      const only = await collectorScraper(infinibandCollector, t.paths, ["--collector.infiniband.device-include=^mlx"])();
      expect(only).toContain('node_infiniband_info{board_id="B",device="mlx4_0"');
      expect(only).not.toContain('device="i40iw0"');
      const without = await collectorScraper(infinibandCollector, t.paths, ["--collector.infiniband.device-exclude=^mlx"])();
      expect(without).not.toContain('device="mlx4_0"');
    } finally {
      t.remove();
    }
  });
});

test("hw_counters of an mlx5 port (node_exporter 1.11)", async () => {
  const port = "sys/class/infiniband/mlx5_0/ports/1";
  const t = makeHostTree({
    "sys/class/infiniband/mlx5_0/board_id": "B\n",
    "sys/class/infiniband/mlx5_0/fw_ver": "1\n",
    "sys/class/infiniband/mlx5_0/hca_type": "H\n",
    [`${port}/state`]: "4: ACTIVE\n",
    [`${port}/phys_state`]: "5: LinkUp\n",
    [`${port}/rate`]: "100 Gb/sec (4X EDR)\n",
    [`${port}/counters/link_downed`]: "0\n",
    [`${port}/hw_counters/lifespan`]: "1999\n",
    [`${port}/hw_counters/out_of_buffer`]: "7\n",
    [`${port}/hw_counters/rx_write_requests`]: "42\n",
  });
  try {
    const text = await collectorScraper(infinibandCollector, t.paths)();
    expect(text).toContain('node_infiniband_lifespan_seconds{device="mlx5_0",port="1"} 1\n');
    expect(text).toContain('node_infiniband_out_of_buffer_drops_total{device="mlx5_0",port="1"} 7\n');
    expect(text).toContain('node_infiniband_rx_write_requests_total{device="mlx5_0",port="1"} 42\n');
    expect(text).not.toContain("node_infiniband_rx_read_requests_total");
  } finally {
    t.remove();
  }
});
