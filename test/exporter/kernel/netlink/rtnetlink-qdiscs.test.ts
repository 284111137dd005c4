import { describe, expect, test } from "bun:test";
import { parseQdiscMessage } from "../../../../src/exporter/kernel/netlink/rtnetlink-qdiscs.ts";
import { attr, concat } from "../../../support/netlink-frames.ts";

function words(...fields: [number, 4 | 8][]): Uint8Array {
  const out = new Uint8Array(fields.reduce((n, [, s]) => n + s, 0));
  const v = new DataView(out.buffer);
  let off = 0;
  for (const [x, s] of fields) {
    if (s === 8) v.setBigUint64(off, BigInt(x), true);
    else v.setUint32(off, x, true);
    off += s;
  }
  return out;
}
function tcmsg(ifindex: number, handle: number, parent: number): Uint8Array {
  return words([0, 4], [ifindex, 4], [handle, 4], [parent, 4], [0, 4]);
}

describe("parseQdiscMessage", () => {
  const names = new Map([[2, "eth0"]]);
  const kind = attr(1, new TextEncoder().encode("fq_codel\0"));
  const stats2 = attr(
    7,
    concat(attr(1, words([1000, 8], [10, 4], [0, 4])), attr(3, words([1, 4], [64, 4], [2, 4], [3, 4], [4, 4]))),
  );
  test("root qdisc with TCA_STATS2", () => {
    expect(parseQdiscMessage(concat(tcmsg(2, 0x10000, 0xffffffff), kind, stats2), names)).toEqual({
      ifaceName: "eth0",
      parent: 0,
      handle: 0x10000,
      kind: "fq_codel",
      bytes: 1000,
      packets: 10,
      qlen: 1,
      backlog: 64,
      drops: 2,
      requeues: 3,
      overlimits: 4,
    });
  });
  test("legacy TCA_STATS overrides the shared fields but not requeues", () => {
    const legacy = attr(3, words([2000, 8], [20, 4], [5, 4], [6, 4], [0, 4], [0, 4], [7, 4], [128, 4]));
    expect(parseQdiscMessage(concat(tcmsg(2, 0, 0x10000), kind, stats2, legacy), names)).toMatchObject({
      parent: 0x10000,
      bytes: 2000,
      packets: 20,
      drops: 5,
      overlimits: 6,
      qlen: 7,
      backlog: 128,
      requeues: 3,
    });
  });
  test("unknown interface index gives an empty name", () => {
    expect(parseQdiscMessage(tcmsg(9, 0, 0), names).ifaceName).toBe("");
  });
  test("short message", () => {
    expect(() => parseQdiscMessage(new Uint8Array(8), names)).toThrow("short message, len=8");
  });
});
