import { describe, expect, test } from "bun:test";
import { countNeighbours } from "../../../../src/exporter/collectors/arp.ts";
import { isValidMac, parseArp } from "../../../../src/exporter/host/procfs/net-arp.ts";

const HEADER = "IP address       HW type     Flags       HW address            Mask     Device\n";

describe("parseArp", () => {
  const rows: [string, string, { ip: string; device: string; flags: number }[]][] = [
    [
      "two entries",
      `${HEADER}192.168.1.1      0x1         0x2         cc:aa:dd:ee:aa:bb     *        eth0\n10.0.0.7         0x1         0x0         00:00:00:00:00:00     *        wlan0\n`,
      [
        { ip: "192.168.1.1", device: "eth0", flags: 2 },
        { ip: "10.0.0.7", device: "wlan0", flags: 0 },
      ],
    ],
    ["header only", HEADER, []],
    ["blank lines", `${HEADER}\n\n`, []],
  ];
  test.each(rows)("%s", (_name, text, want) => {
    expect(parseArp(text)).toMatchObject(want);
  });

  const bad: [string, string, string][] = [
    ["wrong column count", `${HEADER}1.2.3.4 0x1 0x2 aa:bb:cc:dd:ee:ff *\n`, "line 2: 5 columns found, but expected 6"],
    ["bad MAC", `${HEADER}1.2.3.4 0x1 0x2 zz:bb:cc:dd:ee:ff * eth0\n`, 'invalid MAC address "zz:bb:cc:dd:ee:ff"'],
    ["flags beyond a byte", `${HEADER}1.2.3.4 0x1 0x100 aa:bb:cc:dd:ee:ff * eth0\n`, 'invalid flags "0x100"'],
  ];
  test.each(bad)("rejects %s", (_name, text, message) => {
    expect(() => parseArp(text)).toThrow(message);
  });
});

describe("isValidMac", () => {
  const rows: [string, boolean][] = [
    ["aa:bb:cc:dd:ee:ff", true],
    ["aa-bb-cc-dd-ee-ff", true],
    ["aabb.ccdd.eeff", true],
    ["00:00:00:00:00:00:00:00", true],
    ["aa:bb:cc:dd:ee", false],
    ["aa:bb-cc:dd:ee:ff", false],
  ];
  test.each(rows)("%s", (mac, want) => {
    expect(isValidMac(mac)).toBe(want);
  });
});

describe("countNeighbours", () => {
  test("IPv4 only, NOARP left out, unknown index skipped", () => {
    const names = new Map([
      [1, "lo"],
      [2, "eth0"],
    ]);
    const got = countNeighbours(
      [
        { family: 2, ifIndex: 2, state: 0x02 },
        { family: 2, ifIndex: 2, state: 0x04 },
        { family: 2, ifIndex: 1, state: 0x40 },
        { family: 10, ifIndex: 2, state: 0x02 },
        { family: 2, ifIndex: 9, state: 0x02 },
      ],
      names,
    );
    expect(Object.fromEntries(got)).toEqual({ eth0: 2 });
  });
});
