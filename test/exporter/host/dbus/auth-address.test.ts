import { describe, expect, test } from "bun:test";
import { parseBusAddress, systemBusAddress } from "../../../../src/exporter/host/dbus/address.ts";
import { externalAuthLine, parseAuthReply } from "../../../../src/exporter/host/dbus/auth.ts";

describe("SASL EXTERNAL", () => {
  const lines: [number, string][] = [
    [0, "AUTH EXTERNAL 30\r\n"],
    [1000, "AUTH EXTERNAL 31303030\r\n"],
    [65534, "AUTH EXTERNAL 3635353334\r\n"],
  ];
  test.each(lines)("uid %d", (uid, want) => {
    expect(externalAuthLine(uid)).toBe(want);
  });

  const replies: [string, ReturnType<typeof parseAuthReply>][] = [
    ["OK 0123456789abcdef0123456789abcdef", { ok: true, guid: "0123456789abcdef0123456789abcdef" }],
    ["OK nothex", { ok: false, reason: 'OK without a valid server GUID: "OK nothex"' }],
    ["REJECTED EXTERNAL ANONYMOUS", { ok: false, reason: "EXTERNAL rejected; server offers: EXTERNAL ANONYMOUS" }],
    ["ERROR bad", { ok: false, reason: "server error: bad" }],
    ["DATA", { ok: false, reason: 'unexpected reply "DATA"' }],
  ];
  test.each(replies)("reply %p", (line, want) => {
    expect(parseAuthReply(line)).toEqual(want);
  });
});

describe("bus addresses", () => {
  const ok: [string, string[]][] = [
    ["unix:path=/var/run/dbus/system_bus_socket", ["/var/run/dbus/system_bus_socket"]],
    ["unix:path=/tmp/a%20b", ["/tmp/a b"]],
    ["unix:abstract=/tmp/dbus-x,guid=00", ["\0/tmp/dbus-x"]],
    ["tcp:host=x,port=1;unix:path=/a", ["/a"]],
    ["unix:path=/a;unix:path=/b", ["/a", "/b"]],
  ];
  test.each(ok)("%p", (address, want) => {
    expect(parseBusAddress(address).map((a) => a.socketPath)).toEqual(want);
  });

  const bad: [string, string][] = [
    ["", "no address"],
    ["tcp:host=x", "unsupported transport tcp"],
    ["unix:guid=1", "needs path= or abstract="],
    ["nocolon", "has no transport"],
    ["unix:path", "is not key=value"],
    ["unix:path=%zz", "bad %-escape"],
  ];
  test.each(bad)("rejects %p", (address, message) => {
    expect(() => parseBusAddress(address)).toThrow(message);
  });

  test("system bus address from the environment, else the default", () => {
    expect(systemBusAddress({ DBUS_SYSTEM_BUS_ADDRESS: "unix:path=/x" })).toBe("unix:path=/x");
    expect(systemBusAddress({})).toBe("unix:path=/var/run/dbus/system_bus_socket");
  });
});
