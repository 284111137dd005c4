// mon's D-Bus client against a real dbus-daemon: Hello, the bus's own
// methods and properties, errors, pipelining past the in-flight cap, and
// messages larger than one socket read.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { DbusConnection, DbusError } from "../../../../src/exporter/host/dbus/connection.ts";
import { Variant } from "../../../../src/exporter/host/dbus/marshal.ts";
import { getProperty } from "../../../../src/exporter/host/dbus/properties.ts";
import { type PrivateBus, skipWithoutDbus, startPrivateBus } from "../../../support/dbus-daemon.ts";

const noDbus = skipWithoutDbus("D-Bus connection tests");

const BUS = { destination: "org.freedesktop.DBus", path: "/org/freedesktop/DBus", interface: "org.freedesktop.DBus" };

describe.skipIf(noDbus)("DbusConnection with dbus-daemon", () => {
  let bus: PrivateBus;
  let client: DbusConnection;
  let service: DbusConnection;

  beforeAll(async () => {
    bus = await startPrivateBus();
    client = await DbusConnection.open(bus.address, { maxInFlight: 4 });
    service = await DbusConnection.open(bus.address);
    service.handle((m) => {
      if (m.member === "Echo") return { signature: m.signature, body: m.body };
      if (m.member === "Big") return { signature: "as", body: [Array.from({ length: 2000 }, (_, i) => `item-${i}-${"x".repeat(100)}`)] };
      throw new DbusError("org.example.Error.Nope", `no ${m.member}`);
    });
    expect(await service.requestName("org.example.Echo")).toBe(1);
  });
  afterAll(async () => {
    client?.close();
    service?.close();
    await bus?.stop();
  });

  test("Hello gave a unique name, and the bus lists it", async () => {
    const uniqueName = client.uniqueName ?? "";
    expect(uniqueName).toMatch(/^:1\.\d+$/);
    const r = await client.call({ ...BUS, member: "ListNames" });
    expect(r.signature).toBe("as");
    expect(r.body[0]).toContain(uniqueName);
    expect(r.body[0]).toContain("org.example.Echo");
  });

  test("a property of the bus itself", async () => {
    const v = await getProperty(client, BUS.destination, BUS.path, BUS.interface, "Interfaces");
    expect(v.signature).toBe("as");
    expect(Array.isArray(v.value)).toBe(true);
  });

  test("echo of every basic type and containers through the bus", async () => {
    const body = [1, true, -2, 3, -4, 5, -6n, 7n, 1.5, "s", "/o", "a{sv}", new Map([["k", new Variant("at", [1n, 2n])]]), [[1, "x"]]];
    const r = await client.call({ destination: "org.example.Echo", path: "/", interface: "org.example", member: "Echo", signature: "ybnqiuxtdsoga{sv}a(ys)", body });
    expect(r.body).toEqual(body);
  });

  test("an error reply rejects with its name", async () => {
    await expect(client.call({ destination: "org.example.Echo", path: "/", interface: "org.example", member: "Missing" })).rejects.toThrow(
      "org.example.Error.Nope: org.example.Missing on org.example.Echo/: no Missing",
    );
  });

  test("many pipelined calls, more than the in-flight cap", async () => {
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, i) => client.call({ destination: "org.example.Echo", path: "/", member: "Echo", signature: "u", body: [i] })),
    );
    expect(replies.map((r) => r.body[0])).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  test("a reply larger than one socket read", async () => {
    const r = await client.call({ destination: "org.example.Echo", path: "/", member: "Big" });
    const items = r.body[0] as string[];
    expect(items.length).toBe(2000);
    expect(items[1999]).toBe(`item-1999-${"x".repeat(100)}`);
  });

  test("calls on a closed connection reject", async () => {
    const c = await DbusConnection.open(bus.address);
    c.close();
    await expect(c.call({ ...BUS, member: "ListNames" })).rejects.toThrow("closed");
  });
});
