import { afterAll, describe, expect, test } from "bun:test";
import { NoDataError } from "../../../src/exporter/collector.ts";
import { osCollector, parseDateOnly } from "../../../src/exporter/collectors/os.ts";
import { collectorScraper, makeHostTree } from "../../support/host-tree.ts";

const etc = makeHostTree({
  "etc/os-release": 'NAME=NixOS\nID=nixos\nVERSION_ID="23.11"\nSUPPORT_END="2024-06-30"\nBUILD_ID="23.11.1"\n',
  "usr/lib/os-release": "NAME=Other\nID=other\n",
});
const usrLib = makeHostTree({ "usr/lib/os-release": 'NAME="Arch Linux"\nID=arch\nBUILD_ID=rolling\n' });
const none = makeHostTree({});
const badDate = makeHostTree({ "etc/os-release": "ID=x\nSUPPORT_END=2024-13-01\n" });
afterAll(() => [etc, usrLib, none, badDate].forEach((t) => t.remove()));

describe("os collector", async () => {
  const a = await collectorScraper(osCollector, etc.paths)();
  const b = await collectorScraper(osCollector, usrLib.paths)();
  const rows: [string, string, string][] = [
    [
      "etc/os-release first",
      a,
      'node_os_info{build_id="23.11.1",id="nixos",id_like="",image_id="",image_version="",name="NixOS",pretty_name="",variant="",variant_id="",version="",version_codename="",version_id="23.11"} 1',
    ],
    ["major.minor version", a, 'node_os_version{id="nixos",id_like="",name="NixOS"} 23.11'],
    ["support end", a, "node_os_support_end_timestamp_seconds 1.7197056e+09"],
    ["usr/lib fallback", b, 'node_os_info{build_id="rolling",id="arch",id_like="",image_id="",image_version="",name="Arch Linux",pretty_name="",variant="",variant_id="",version="",version_codename="",version_id=""} 1'],
  ];
  test.each(rows)("%s", (_name, text, line) => {
    expect(text.split("\n")).toContain(line);
  });
  test("no VERSION_ID, no version metric", () => {
    expect(b).not.toContain("node_os_version");
  });
  test("no file is NoData", async () => {
    await expect(collectorScraper(osCollector, none.paths)()).rejects.toBeInstanceOf(NoDataError);
  });
  test("bad SUPPORT_END fails", async () => {
    await expect(collectorScraper(osCollector, badDate.paths)()).rejects.toThrow("SUPPORT_END");
  });
});

describe("parseDateOnly", () => {
  const rows: [string, number | string][] = [
    ["2024-06-30", 1719705600],
    ["1970-01-01", 0],
    ["2024-02-30", "out of range"],
    ["2024-6-30", "cannot parse"],
  ];
  test.each(rows)("%s", (text, want) => {
    if (typeof want === "number") expect(parseDateOnly(text)).toBe(want);
    else expect(() => parseDateOnly(text)).toThrow(want);
  });
});
