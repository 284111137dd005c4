import { describe, expect, test } from "bun:test";
import { defineCollector } from "../../src/exporter/collector.ts";
import { Paths } from "../../src/exporter/paths.ts";
import { collectorContext } from "../support/host-tree.ts";

const seen: unknown[] = [];
const example = defineCollector({
  name: "example",
  options: {
    on: { name: "collector.example.on", kind: "bool", default: "true", help: "On." },
    pattern: { name: "collector.example.pattern", kind: "string", default: ".+", help: "Pattern." },
    timeout: { name: "collector.example.timeout", kind: "duration", default: "5s", help: "Timeout." },
  },
  create({ options, optionsSet }) {
    const typed: { on: boolean; pattern: string; timeout: number } = options;
    // @ts-expect-error a misspelt option fails type-checking
    seen.push(options.patern);
    // @ts-expect-error so does a misspelt key of the explicitly set options
    seen.push(optionsSet.has("paterns"));
    seen.push(typed, [...optionsSet]);
    return { update() {} };
  },
});

describe("collector options", () => {
  test("create() gets its own options, typed, and which ones the command line set", () => {
    const paths = new Paths({ procfs: "/proc", sysfs: "/sys", rootfs: "/", udevData: "/run/udev/data" });
    example.create(collectorContext(example, paths, ["--no-collector.example.on", "--collector.example.timeout=1m"]));
    expect(seen).toEqual([undefined, false, { on: false, pattern: ".+", timeout: 60 }, ["on", "timeout"]]);
  });
});
