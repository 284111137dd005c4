import { describe, expect, test } from "bun:test";
import { defineCollector } from "../../src/exporter/collector.ts";
import { COLLECTORS } from "../../src/exporter/collector-list.ts";
import { DISKSTATS_DEFAULT_EXCLUDE, DISKSTATS_OPTIONS } from "../../src/exporter/collectors/options/diskstats.ts";
import * as defaultCollectors from "../../src/exporter/default-collectors.ts";
import { Paths } from "../../src/exporter/paths.ts";
import { loadCollectors } from "../../src/exporter/registry.ts";
import { loadAllCollectors, registered } from "../support/collectors.ts";
import { collectorContext } from "../support/host-tree.ts";

describe("the collector list", () => {
  test("names are unique, and every entry loads a definition that agrees with it", async () => {
    const names = COLLECTORS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    // loadCollectors throws when a definition's name, options or externalSeries differ from its entry.
    const loaded = await loadAllCollectors();
    expect([...loaded.keys()]).toEqual(names);
    for (const c of COLLECTORS) {
      const d = loaded.get(c.name);
      expect(d?.name).toBe(c.name);
      // The same table, not a copy: the flag table and create() read one declaration.
      expect(d?.options).toBe(c.options);
      expect(d?.externalSeries ?? false).toBe(c.externalSeries ?? false);
    }
  });

  test("default-collectors.ts holds the default collectors and no other", () => {
    // A collector there but off by default would be loaded by every default run.
    const held = Object.values(defaultCollectors).map((d) => d.name).sort();
    expect(held).toEqual(COLLECTORS.filter((c) => c.defaultEnabled).map((c) => c.name).sort());
  });

  test("an entry that differs from its definition stops the loading, naming the collector", async () => {
    const definition = defineCollector({ name: "example", options: DISKSTATS_OPTIONS, create: () => ({ update() {} }) });
    const stale = { ...registered(definition), options: {} };
    await expect(loadCollectors([stale], ["example"])).rejects.toThrow("collector example: its definition's name, options or externalSeries differ");
    const renamed = { ...registered(definition), name: "other" };
    await expect(loadCollectors([renamed], ["other"])).rejects.toThrow("collector other:");
  });

  test("only the named collectors are loaded", async () => {
    const loads: string[] = [];
    const entry = (name: string) => ({ ...registered({ name, create: () => ({ update() {} }) }), load: async () => {
      loads.push(name);
      return { name, create: () => ({ update() {} }) };
    } });
    await loadCollectors([entry("a"), entry("b"), entry("c")], ["c", "a"]);
    expect(loads).toEqual(["c", "a"]);
  });

  test("options declared in their own module keep their types in create()", () => {
    const seen: unknown[] = [];
    const example = defineCollector({
      name: "example",
      options: DISKSTATS_OPTIONS,
      create({ options }) {
        const typed: string = options.deviceExclude;
        // @ts-expect-error a misspelt option fails type-checking
        seen.push(options.deviceExclud, typed);
        return { update() {} };
      },
    });
    const paths = new Paths({ procfs: "/proc", sysfs: "/sys", rootfs: "/", udevData: "/run/udev/data" });
    example.create(collectorContext(example, paths, []));
    expect(seen).toEqual([undefined, DISKSTATS_DEFAULT_EXCLUDE]);
  });
});
