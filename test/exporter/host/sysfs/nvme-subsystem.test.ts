import { expect, test } from "bun:test";
import { NVME_PATH_STATES, normalizeControllerState, nvmesubsystemCollector } from "../../../../src/exporter/collectors/nvmesubsystem.ts";
import { readNvmeSubsystems } from "../../../../src/exporter/host/sysfs/nvme-subsystem.ts";
import { collectorScraper, makeHostTree } from "../../../support/host-tree.ts";

const S = "sys/class/nvme-subsystem/nvme-subsys0";
const FILES: Record<string, string> = {
  [`${S}/subsysnqn`]: "nqn.2014-08.org.example:array\n",
  [`${S}/model`]: "Array\n",
  [`${S}/serial`]: "SN1\n",
  [`${S}/iopolicy`]: "round-robin\n",
  [`${S}/nvme0/state`]: "live\n",
  [`${S}/nvme0/transport`]: "tcp\n",
  [`${S}/nvme0/address`]: "traddr=10.0.0.1,trsvcid=4420\n",
  [`${S}/nvme1/state`]: "deleting (no IO)\n",
  [`${S}/nvme1/transport`]: "tcp\n",
  [`${S}/nvme1/address`]: "traddr=10.0.0.2,trsvcid=4420\n",
  [`${S}/nvme0n1/size`]: "1\n",
  [`${S}/power/x`]: "",
  "sys/class/nvme-subsystem/other/x": "",
};

test("controller states: the kernel's words, one unknown bucket", () => {
  expect(NVME_PATH_STATES).toEqual(["connecting", "dead", "deleting", "live", "new", "resetting", "unknown"]);
  expect(normalizeControllerState("deleting (no IO)")).toBe("deleting");
  expect(normalizeControllerState("gone")).toBe("unknown");
});

test("subsystem, controllers and namespaces", () => {
  const t = makeHostTree(FILES);
  try {
    const [s, ...rest] = readNvmeSubsystems(t.paths);
    expect(rest).toEqual([]);
    expect(s.ioPolicy).toBe("round-robin");
    expect(s.controllers.map((c) => [c.name, c.state])).toEqual([["nvme0", "live"], ["nvme1", "deleting (no IO)"]]);
    expect(s.namespaces).toEqual(["nvme0n1"]);
  } finally {
    t.remove();
  }
});

test("collector: paths, live paths, one state series per state", async () => {
  const t = makeHostTree(FILES);
  try {
    const text = await collectorScraper(nvmesubsystemCollector, t.paths)();
    expect(text).toContain('node_nvmesubsystem_paths{subsystem="nvme-subsys0"} 2\n');
    expect(text).toContain('node_nvmesubsystem_paths_live{subsystem="nvme-subsys0"} 1\n');
    expect(text).toContain('node_nvmesubsystem_path_state{controller="nvme1",state="deleting",subsystem="nvme-subsys0",transport="tcp"} 1\n');
    expect(text).toContain('node_nvmesubsystem_path_state{controller="nvme1",state="live",subsystem="nvme-subsys0",transport="tcp"} 0\n');
    expect(text).toContain('node_nvmesubsystem_namespace_info{device="nvme0n1",subsystem="nvme-subsys0"} 1\n');
    expect(text.match(/node_nvmesubsystem_path_state\{/g)).toHaveLength(14);
  } finally {
    t.remove();
  }
});

test("no subsystem class, or a missing attribute, is no data", async () => {
  const none = makeHostTree({});
  const { [`${S}/nvme1/address`]: _, ...withoutAddress } = FILES;
  const partial = makeHostTree(withoutAddress);
  try {
    await expect(collectorScraper(nvmesubsystemCollector, none.paths)()).rejects.toThrow("collector returned no data");
    await expect(collectorScraper(nvmesubsystemCollector, partial.paths)()).rejects.toThrow("collector returned no data");
  } finally {
    none.remove();
    partial.remove();
  }
});
