// org.freedesktop.DBus.Properties.Get: one property of one interface of one object.

import type { DbusConnection } from "./connection.ts";
import { Variant } from "./marshal.ts";

export async function getProperty(
  conn: DbusConnection,
  destination: string,
  path: string,
  iface: string,
  name: string,
): Promise<Variant> {
  const reply = await conn.call({
    destination,
    path,
    interface: "org.freedesktop.DBus.Properties",
    member: "Get",
    signature: "ss",
    body: [iface, name],
  });
  const v = reply.body[0];
  if (reply.signature !== "v" || !(v instanceof Variant)) {
    throw new Error(`Properties.Get ${iface}.${name} on ${path}: reply has signature "${reply.signature}", want "v"`);
  }
  return v;
}

