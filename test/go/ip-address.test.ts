import { describe, expect, test } from "bun:test";
import { formatIP } from "../../src/go/ip-address.ts";

const v6 = (hex: string) => Uint8Array.from(hex.match(/../g)!.map((h) => Number.parseInt(h, 16)));

describe("formatIP (Go's net.IP.String)", () => {
  const rows: [string, Uint8Array, string][] = [
    ["IPv4", new Uint8Array([192, 168, 0, 22]), "192.168.0.22"],
    ["IPv6 with a zero run", v6("26200000000000000000000000000001"), "2620::1"],
    ["IPv6 all zero", v6("00000000000000000000000000000000"), "::"],
    ["IPv6 loopback", v6("00000000000000000000000000000001"), "::1"],
    ["IPv6 first longest run wins", v6("20010db8000000010000000000000001"), "2001:db8:0:1::1"],
    ["IPv6 single zero group is not compressed", v6("20010db8000100020003000400050000"), "2001:db8:1:2:3:4:5:0"],
    ["IPv4-mapped prints dotted", v6("00000000000000000000ffff0a000001"), "10.0.0.1"],
    ["IPv6 link-local", v6("fe80000000000000020c29fffe123456"), "fe80::20c:29ff:fe12:3456"],
  ];
  test.each(rows)("%s", (_name, bytes, want) => {
    expect(formatIP(bytes)).toBe(want);
  });
});
