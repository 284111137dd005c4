import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Paths } from "../../../../src/exporter/paths.ts";
import { emptyCard, isAmdGpu, parseAmdGpuCard, readAmdGpuCards } from "../../../../src/exporter/host/sysfs/drm.ts";

describe("isAmdGpu", () => {
  test.each([
    ["DRIVER=amdgpu\nPCI_CLASS=30000\n", true],
    ["DRIVER=i915\n", false],
    ["", false],
  ])("%p", (uevent, want) => {
    expect(isAmdGpu(uevent)).toBe(want);
  });
});

describe("parseAmdGpuCard", () => {
  test("numbers and strings", () => {
    const card = parseAmdGpuCard(
      "card0",
      new Map([
        ["gpu_busy_percent", "4"],
        ["mem_info_vram_total", "8573157376"],
        ["mem_info_vram_vendor", "samsung"],
        ["unique_id", "0123456789abcdef"],
      ]),
    );
    expect(card).toEqual({
      ...emptyCard("card0"),
      gpuBusyPercent: 4,
      memoryVRAMSize: 8573157376,
      memoryVRAMVendor: "samsung",
      uniqueId: "0123456789abcdef",
    });
  });
  test("garbage numbers are an error naming the file", () => {
    expect(() => parseAmdGpuCard("card0", new Map([["mem_info_gtt_used", "lots"]]))).toThrow('mem_info_gtt_used: strconv.ParseUint: parsing "lots"');
  });
});

describe("readAmdGpuCards", () => {
  const root = mkdtempSync(join(tmpdir(), "mon-drm-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const put = (rel: string, text: string) => {
    const p = join(root, "class/drm", rel);
    mkdirSync(join(p, ".."), { recursive: true });
    writeFileSync(p, text);
  };
  put("card0/device/uevent", "DRIVER=amdgpu\n");
  put("card0/device/gpu_busy_percent", "12\n");
  put("card1/device/uevent", "DRIVER=i915\n");
  put("card10/device/uevent", "DRIVER=amdgpu\n");
  put("card0-DP-1/status", "connected\n");
  const paths = new Paths({ procfs: "/x", sysfs: root, rootfs: "/", udevData: "/x" });

  test("card[0-9] only; non-AMD cards appear with zeros as upstream", () => {
    const cards = readAmdGpuCards(paths);
    expect(cards.map((c) => [c.name, c.gpuBusyPercent])).toEqual([
      ["card0", 12],
      ["card1", 0],
    ]);
  });
  test("no drm class means no cards", () => {
    expect(readAmdGpuCards(new Paths({ procfs: "/x", sysfs: join(root, "none"), rootfs: "/", udevData: "/x" }))).toEqual([]);
  });
});
