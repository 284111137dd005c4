import { describe, expect, test } from "bun:test";
import { type NetlinkMessage, splitMessages } from "../../../../src/exporter/kernel/netlink/netlink-messages.ts";
import {
  NL80211_CMD_GET_INTERFACE,
  NL80211_CMD_GET_SCAN,
  NL80211_CMD_GET_STATION,
  decodeSsid,
  encodeNl80211Request,
  parseInformationElements,
  parseInterfaceMessages,
  parseRateInfo,
  parseScanMessages,
  parseStationMessages,
} from "../../../../src/exporter/kernel/netlink/nl80211-messages.ts";
import { attr, concat, message } from "../../../support/netlink-frames.ts";

const FAMILY = 0x1c;
const u8 = (n: number) => new Uint8Array([n & 0xff]);
const u16 = (n: number) => new Uint8Array(new Uint16Array([n]).buffer);
const u32 = (n: number) => new Uint8Array(new Uint32Array([n]).buffer);
const u64 = (n: bigint) => new Uint8Array(new BigUint64Array([n]).buffer);
const str = (s: string) => new TextEncoder().encode(`${s}\0`);
const bytes = (...b: number[]) => new Uint8Array(b);
const MAC = bytes(0x11, 0x22, 0x33, 0x44, 0x55, 0x66);

/** Answers framed as the kernel sends them: genl header (cmd, version 1) then attributes, split back by the real framing code. */
function answers(cmd: number, ...bodies: Uint8Array[]): NetlinkMessage[] {
  return splitMessages(concat(...bodies.map((b) => message(FAMILY, 7, concat(bytes(cmd, 1, 0, 0), b)))));
}

describe("encodeNl80211Request", () => {
  test.each([
    ["dump without interface", NL80211_CMD_GET_INTERFACE, undefined, [5, 1, 0, 0]],
    ["interface without MAC: ifindex only", NL80211_CMD_GET_STATION, { Index: 3, HardwareAddr: new Uint8Array(0) }, [17, 1, 0, 0, 8, 0, 3, 0, 3, 0, 0, 0]],
    [
      "interface with MAC: ifindex then padded MAC",
      NL80211_CMD_GET_SCAN,
      { Index: 0x102, HardwareAddr: MAC },
      [32, 1, 0, 0, 8, 0, 3, 0, 2, 1, 0, 0, 10, 0, 6, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0, 0],
    ],
  ])("%s", (_name, cmd, ifi, want) => {
    expect([...encodeNl80211Request(cmd, ifi)]).toEqual(want);
  });
});

describe("parseInterfaceMessages", () => {
  test("decodes every field of an interface", () => {
    const [ifi] = parseInterfaceMessages(
      answers(
        7,
        concat(
          attr(3, u32(4)),
          attr(4, str("wlp2s0")),
          attr(6, MAC),
          attr(1, u32(0)),
          attr(5, u32(2)),
          attr(153, u64(0x1_0000_0002n)),
          attr(38, u32(5180)),
          attr(999, u32(1)),
        ),
      ),
    );
    expect(ifi).toEqual({ Index: 4, Name: "wlp2s0", HardwareAddr: MAC, PHY: 0, Device: 0x1_0000_0002, Type: 2, Frequency: 5180 });
  });
  test.each([
    ["a P2P device without netdev keeps an empty name", concat(attr(5, u32(10)), attr(153, u64(1n))), { Name: "", Index: 0, Type: 10, Device: 1 }],
    ["an interface without frequency has 0 MHz", concat(attr(3, u32(9)), attr(4, str("mon0")), attr(5, u32(6))), { Name: "mon0", Index: 9, Frequency: 0 }],
  ])("%s", (_name, body, want) => {
    expect(parseInterfaceMessages(answers(7, body))[0]).toMatchObject(want);
  });
  test("one interface per answer, in order", () => {
    expect(parseInterfaceMessages(answers(7, attr(4, str("a")), attr(4, str("b")))).map((i) => i.Name)).toEqual(["a", "b"]);
  });
  test.each([
    ["short ifindex", attr(3, u16(4)), "NL80211_ATTR_IFINDEX has 2 bytes, want 4"],
    ["short wdev", attr(153, u32(4)), "NL80211_ATTR_WDEV has 4 bytes, want 8"],
  ])("%s is an error naming the attribute", (_name, body, msg) => {
    expect(() => parseInterfaceMessages(answers(7, body))).toThrow(msg);
  });
  test("a payload without genetlink header is an error", () => {
    expect(() => parseInterfaceMessages([{ type: FAMILY, flags: 0, seq: 1, payload: bytes(7) }])).toThrow("no generic netlink header");
  });
});

describe("parseInformationElements", () => {
  test.each([
    ["empty", bytes(), []],
    ["two elements", bytes(0, 2, 0x41, 0x42, 3, 1, 6), [{ id: 0, data: bytes(0x41, 0x42) }, { id: 3, data: bytes(6) }]],
    ["zero-length element", bytes(0, 0), [{ id: 0, data: bytes() }]],
  ])("%s", (_name, data, want) => {
    expect(parseInformationElements(data)).toEqual(want);
  });
  test.each([
    ["lone id byte", bytes(0, 1, 0x41, 7), "offset 3 is truncated"],
    ["length beyond the data", bytes(0, 5, 0x41), "wants 5 bytes, has 1"],
  ])("%s is an error", (_name, data, msg) => {
    expect(() => parseInformationElements(data)).toThrow(msg);
  });
});

describe("decodeSsid", () => {
  test.each([
    ["ascii", bytes(0x48, 0x6f, 0x6d, 0x65), "Home"],
    ["utf-8", new TextEncoder().encode("Café ☕"), "Café ☕"],
    // Go's DecodeRune loop: one U+FFFD per invalid byte, truncated sequences included.
    ["invalid bytes each become U+FFFD", bytes(0x41, 0xff, 0xe2, 0x82, 0x42), "A\uFFFD\uFFFD\uFFFDB"],
    ["NUL bytes are kept", bytes(0x41, 0, 0x42), "A\0B"],
  ])("%s", (_name, data, want) => {
    expect(decodeSsid(data)).toBe(want);
  });
});

describe("parseScanMessages", () => {
  const ies = bytes(0, 4, 0x48, 0x6f, 0x6d, 0x65, 1, 2, 0x82, 0x84);
  const bss = (...attrs: Uint8Array[]) => attr(47 | 0x8000, concat(...attrs));
  test("the BSS with a status is the associated one", () => {
    const got = parseScanMessages(
      answers(
        34,
        concat(attr(3, u32(4)), bss(attr(1, bytes(1, 2, 3, 4, 5, 6)), attr(6, bytes(0, 3, 0x6f, 0x74, 0x68)))),
        concat(attr(3, u32(4)), bss(attr(1, MAC), attr(2, u32(2437)), attr(4, u16(100)), attr(6, ies), attr(9, u32(1)), attr(10, u32(250)))),
      ),
    );
    expect(got).toEqual({ SSID: "Home", BSSID: MAC, Frequency: 2437, BeaconInterval: 102_400_000, LastSeen: 250_000_000, Status: 1 });
  });
  test.each([
    ["no BSS carries a status", answers(34, bss(attr(1, MAC)))],
    ["an empty dump", []],
    ["answers without a BSS attribute", answers(34, attr(3, u32(4)))],
  ])("undefined when %s", (_name, msgs) => {
    expect(parseScanMessages(msgs)).toBeUndefined();
  });
  test("a status of 0 (authenticated) still marks the BSS", () => {
    expect(parseScanMessages(answers(34, bss(attr(9, u32(0)), attr(1, MAC))))?.Status).toBe(0);
  });
  test("malformed information elements are an error", () => {
    expect(() => parseScanMessages(answers(34, bss(attr(9, u32(1)), attr(6, bytes(0, 9, 0x41)))))).toThrow("information element 0");
  });
});

describe("parseRateInfo", () => {
  test.each([
    ["32-bit rate", concat(attr(1, u16(65535)), attr(5, u32(8667))), 866_700_000],
    ["16-bit rate alone", attr(1, u16(540)), 54_000_000],
    ["32-bit rate of 0 falls back to a later 16-bit rate", concat(attr(5, u32(0)), attr(1, u16(60))), 6_000_000],
    ["no rate", attr(2, u8(7)), 0],
  ])("%s", (_name, data, want) => {
    expect(parseRateInfo(data)).toBe(want);
  });
});

describe("parseStationMessages", () => {
  const staInfo = (...attrs: Uint8Array[]) => attr(21 | 0x8000, concat(...attrs));
  test("decodes every field of a station", () => {
    const got = parseStationMessages(
      answers(
        20,
        concat(
          attr(3, u32(4)),
          attr(6, MAC),
          staInfo(
            attr(1, u32(250)),
            attr(2, u32(1)),
            attr(3, u32(2)),
            attr(23, u64(5_000_000_000n)),
            attr(24, u64(6_000_000_000n)),
            attr(7, u8(-61)),
            attr(8 | 0x8000, attr(5, u32(8667))),
            attr(14 | 0x8000, attr(1, u16(540))),
            attr(9, u32(100)),
            attr(10, u32(200)),
            attr(11, u32(3)),
            attr(12, u32(4)),
            attr(16, u32(3600)),
            attr(18, u32(5)),
          ),
        ),
      ),
    );
    expect(got).toEqual([
      {
        HardwareAddr: MAC,
        Connected: 3600e9,
        Inactive: 250e6,
        ReceivedBytes: 5_000_000_000,
        TransmittedBytes: 6_000_000_000,
        ReceivedPackets: 100,
        TransmittedPackets: 200,
        ReceiveBitrate: 54_000_000,
        TransmitBitrate: 866_700_000,
        Signal: -61,
        TransmitRetries: 3,
        TransmitFailed: 4,
        BeaconLoss: 5,
      },
    ]);
  });
  test.each([
    ["32-bit byte counters without 64-bit ones", staInfo(attr(2, u32(10)), attr(3, u32(20))), [10, 20]],
    ["a later 64-bit counter wins", staInfo(attr(2, u32(10)), attr(23, u64(11n)), attr(3, u32(20)), attr(24, u64(21n))), [11, 21]],
    ["an earlier non-zero 64-bit counter wins", staInfo(attr(23, u64(11n)), attr(2, u32(10))), [11, 0]],
    ["an earlier zero 64-bit counter yields to the 32-bit one", staInfo(attr(23, u64(0n)), attr(2, u32(10))), [10, 0]],
  ])("%s", (_name, info, [rx, tx]) => {
    const [s] = parseStationMessages(answers(20, concat(attr(6, MAC), info))) ?? [];
    expect([s?.ReceivedBytes, s?.TransmittedBytes]).toEqual([rx, tx]);
  });
  test.each([
    ["signal +10 dBm", 10, 10],
    ["signal -128 dBm", 0x80, -128],
  ])("%s", (_name, raw, want) => {
    expect(parseStationMessages(answers(20, staInfo(attr(7, u8(raw)))))?.[0].Signal).toBe(want);
  });
  test("one station per answer", () => {
    const got = parseStationMessages(answers(20, concat(attr(6, MAC), staInfo(attr(18, u32(1)))), concat(attr(6, bytes(1, 2, 3, 4, 5, 6)), staInfo(attr(18, u32(2))))));
    expect(got?.map((s) => s.BeaconLoss)).toEqual([1, 2]);
  });
  test("a MAC after the station info is not read, as upstream", () => {
    expect(parseStationMessages(answers(20, concat(staInfo(), attr(6, MAC))))?.[0].HardwareAddr).toEqual(new Uint8Array(0));
  });
  test.each([
    ["an empty dump", []],
    ["an answer without station info", answers(20, concat(attr(6, MAC), staInfo(attr(18, u32(1)))), attr(6, MAC))],
  ])("undefined for %s", (_name, msgs) => {
    expect(parseStationMessages(msgs)).toBeUndefined();
  });
  test.each([
    ["an empty signal", staInfo(attr(7, bytes())), "NL80211_STA_INFO_SIGNAL is empty"],
    ["a short 64-bit counter", staInfo(attr(24, u32(1))), "NL80211_STA_INFO_TX_BYTES64 has 4 bytes, want 8"],
    ["a short rate", staInfo(attr(8, attr(5, u16(1)))), "NL80211_RATE_INFO_BITRATE32 has 2 bytes, want 4"],
  ])("%s is an error naming the attribute", (_name, info, msg) => {
    expect(() => parseStationMessages(answers(20, info))).toThrow(msg);
  });
});
