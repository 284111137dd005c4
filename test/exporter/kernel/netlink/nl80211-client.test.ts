import { describe, expect, test } from "bun:test";
import { type NetlinkMessage, splitMessages } from "../../../../src/exporter/kernel/netlink/netlink-messages.ts";
import { isPermissionError, nl80211Client } from "../../../../src/exporter/kernel/netlink/nl80211-client.ts";
import { isNotFound } from "../../../../src/exporter/host/host-fs.ts";
import { attr, concat, message } from "../../../support/netlink-frames.ts";

const u32 = (n: number) => new Uint8Array(new Uint32Array([n]).buffer);
const answer = (...attrs: Uint8Array[]) => splitMessages(message(0x1c, 1, concat(new Uint8Array([7, 1, 0, 0]), ...attrs)));
const errno = (n: number) => Object.assign(new Error(`netlink dump of type 28: errno ${n}`), { errno: n });
const ifi = { Index: 4, Name: "wlan0", HardwareAddr: new Uint8Array(0), PHY: 0, Device: 0, Type: 2, Frequency: 0 };

describe("nl80211Client", () => {
  test("sends each command with the interface index", () => {
    const sent: number[][] = [];
    const client = nl80211Client((payload) => {
      sent.push([...payload]);
      return answer(attr(21, attr(18, u32(1))));
    });
    client.stations(ifi);
    expect(sent).toEqual([[17, 1, 0, 0, 8, 0, 3, 0, 4, 0, 0, 0]]);
  });
  test.each<[string, () => NetlinkMessage[], (e: unknown) => boolean, string]>([
    ["an empty station dump is not found", () => [], isNotFound, "wlan0 has no station information"],
    ["ENOENT from the kernel is not found", () => { throw errno(2); }, isNotFound, "nl80211 GET_STATION for interface wlan0 (index 4): netlink dump"],
    ["another errno is a plain failure", () => { throw errno(95); }, (e) => !isNotFound(e) && (e as Error).cause !== undefined, "errno 95"],
  ])("%s", (_name, send, kind, msg) => {
    let caught: unknown;
    try {
      nl80211Client(send).stations(ifi);
    } catch (err) {
      caught = err;
    }
    expect(kind(caught)).toBe(true);
    expect((caught as Error).message).toContain(msg);
  });
  test.each<[string, NetlinkMessage[]]>([
    ["a scan whose BSS has no status", answer(attr(47, attr(1, u32(0))))],
    ["an empty scan", []],
  ])("%s is not found", (_name, answers) => {
    let caught: unknown;
    try {
      nl80211Client(() => answers).bss(ifi);
    } catch (err) {
      caught = err;
    }
    expect([isNotFound(caught), (caught as Error)?.message]).toEqual([true, "nl80211: interface wlan0 is associated with no BSS"]);
  });
  test("an interface dump failure names the command", () => {
    expect(() => nl80211Client(() => { throw errno(16); }).interfaces()).toThrow("nl80211 GET_INTERFACE: netlink dump of type 28: errno 16");
  });
});

describe("isPermissionError", () => {
  test.each([
    [1, true],
    [13, true],
    [2, false],
    [undefined, false],
  ])("errno %p -> %p", (n, want) => {
    expect(isPermissionError(n === undefined ? new Error("x") : errno(n))).toBe(want);
  });
});
