import { describe, expect, test } from "bun:test";
import { stateName, tcpStats } from "../../../../src/exporter/collectors/tcpstat.ts";
import { encodeTcpDiagRequest, parseInetDiagMessage, parseInetDiagMessages } from "../../../../src/exporter/kernel/netlink/inet-diag.ts";

function diagMsg(state: number, rqueue: number, wqueue: number): Uint8Array {
  const b = new Uint8Array(72);
  const v = new DataView(b.buffer);
  v.setUint8(0, 2);
  v.setUint8(1, state);
  v.setUint32(56, rqueue, true);
  v.setUint32(60, wqueue, true);
  return b;
}

describe("encodeTcpDiagRequest", () => {
  test("family, TCP, all states", () => {
    const req = encodeTcpDiagRequest(10);
    expect(req.length).toBe(56);
    expect([req[0], req[1], req[4], req[5]]).toEqual([10, 6, 0xff, 0x0f]);
  });
});

describe("parseInetDiagMessage", () => {
  test("state and queues", () => {
    expect(parseInetDiagMessage(diagMsg(10, 3, 128))).toEqual({ state: 10, rqueue: 3, wqueue: 128 });
  });
  test("rejects a short message", () => {
    expect(() => parseInetDiagMessage(new Uint8Array(20))).toThrow("want at least 72");
  });
  test("keeps only SOCK_DIAG_BY_FAMILY messages", () => {
    const msgs = [
      { type: 20, flags: 0, seq: 1, payload: diagMsg(1, 0, 0) },
      { type: 3, flags: 0, seq: 1, payload: new Uint8Array(4) },
    ];
    expect(parseInetDiagMessages(msgs)).toHaveLength(1);
  });
});

describe("tcpStats", () => {
  test("counts states and sums queues", () => {
    const m = tcpStats([
      { state: 1, rqueue: 5, wqueue: 7 },
      { state: 1, rqueue: 0, wqueue: 1 },
      { state: 10, rqueue: 0, wqueue: 0 },
    ]);
    expect(Object.fromEntries([...m].map(([k, v]) => [stateName(k), v]))).toEqual({
      established: 2,
      listen: 1,
      rx_queued_bytes: 5,
      tx_queued_bytes: 8,
    });
  });
  const names: [number, string][] = [
    [6, "time_wait"],
    [11, "closing"],
    [99, "unknown"],
  ];
  test.each(names)("state %d is %s", (state, want) => {
    expect(stateName(state)).toBe(want);
  });
});
