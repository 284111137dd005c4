import { describe, expect, test } from "bun:test";
import { escapeBusPathElement, unitObjectPath, unitStatusesFromReply } from "../../../../src/exporter/host/dbus/systemd-manager.ts";

describe("systemd object paths", () => {
  // Spellings as systemd's bus_path_escape produces them (see `busctl tree org.freedesktop.systemd1`).
  const rows: [string, string][] = [
    ["dbus.service", "dbus_2eservice"],
    ["systemd-journald.service", "systemd_2djournald_2eservice"],
    ["getty@tty1.service", "getty_40tty1_2eservice"],
    ["1abc.mount", "_31abc_2emount"],
    ["a1", "a1"],
    ["", "_"],
    ["é", "_c3_a9"],
  ];
  test.each(rows)("%p", (name, want) => {
    expect(escapeBusPathElement(name)).toBe(want);
  });

  test("unit object path", () => {
    expect(unitObjectPath("ssh.socket")).toBe("/org/freedesktop/systemd1/unit/ssh_2esocket");
  });

  test("ListUnits rows", () => {
    const rows = [["a.service", "A", "loaded", "active", "running", "", "/org/freedesktop/systemd1/unit/a_2eservice", 0, "", "/"]];
    expect(unitStatusesFromReply(rows)).toEqual([
      {
        name: "a.service",
        description: "A",
        loadState: "loaded",
        activeState: "active",
        subState: "running",
        followed: "",
        path: "/org/freedesktop/systemd1/unit/a_2eservice",
        jobId: 0,
        jobType: "",
        jobPath: "/",
      },
    ]);
    expect(() => unitStatusesFromReply("x")).toThrow("not an array");
  });
});
