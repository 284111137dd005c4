import { describe, expect, test } from "bun:test";
import { NoDataError } from "../../../../src/exporter/collector.ts";
import { tapestatsCollector } from "../../../../src/exporter/collectors/tapestats.ts";
import { readScsiTapeClass } from "../../../../src/exporter/host/sysfs/scsi-tape.ts";
import { collectorScraper, makeHostTree } from "../../../support/host-tree.ts";

const st = (name: string, files: Record<string, string>) =>
  Object.fromEntries(Object.entries(files).map(([k, v]) => [`sys/class/scsi_tape/${name}/stats/${k}`, v]));

describe("scsi tape", () => {
  test("reads st* only, base-0 values", () => {
    const t = makeHostTree({ ...st("st0", { io_ns: "0x10\n", read_cnt: "5\n", unknown: "x\n" }), ...st("nst0", { io_ns: "1\n" }) });
    try {
      const tapes = readScsiTapeClass(t.paths);
      expect(tapes.map((x) => x.name)).toEqual(["st0"]);
      expect(tapes[0].counters.io_ns).toBe(16);
      expect(tapes[0].counters.read_cnt).toBe(5);
      expect(tapes[0].counters.write_cnt).toBe(0);
    } finally {
      t.remove();
    }
  });

  test("a bad value names the file", () => {
    const t = makeHostTree(st("st1", { read_cnt: "many\n" }));
    try {
      expect(() => readScsiTapeClass(t.paths)).toThrow('read_cnt: invalid value "many"');
    } finally {
      t.remove();
    }
  });

  test("collector: ns to seconds, ignored devices", async () => {
    const t = makeHostTree({ ...st("st0", { io_ns: "2500000000\n", in_flight: "1\n" }), ...st("st1", { in_flight: "0\n" }) });
    try {
      const text = await collectorScraper(tapestatsCollector, t.paths, ["--collector.tapestats.ignored-devices=^st1$"])();
      expect(text).toContain('node_tape_io_time_seconds_total{device="st0"} 2.5');
      expect(text).toContain('node_tape_io_now{device="st0"} 1');
      expect(text).not.toContain('device="st1"');
    } finally {
      t.remove();
    }
  });

  test("no scsi_tape class is no data", async () => {
    const t = makeHostTree({});
    try {
      await expect(collectorScraper(tapestatsCollector, t.paths)()).rejects.toBeInstanceOf(NoDataError);
    } finally {
      t.remove();
    }
  });
});
