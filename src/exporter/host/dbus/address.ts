// D-Bus server addresses ("unix:path=/run/dbus/system_bus_socket;unix:abstract=x")
// parsed into the unix sockets we can dial, in the order given.

export const DEFAULT_SYSTEM_BUS_ADDRESS = "unix:path=/var/run/dbus/system_bus_socket";

export interface UnixAddress {
  /** A filesystem path, or for an abstract socket the name prefixed with NUL. */
  socketPath: string;
}

export class AddressError extends Error {
  constructor(address: string, reason: string) {
    super(`D-Bus address "${address}": ${reason}`);
    this.name = "AddressError";
  }
}

function unescape(address: string, value: string): string {
  try {
    return decodeURIComponent(value);
  } catch (err) {
    throw new AddressError(address, `bad %-escape in "${value}"`);
  }
}

/**
 * The unix sockets an address list names. Transports other than unix
 * (tcp, launchd, systemd) are skipped; none left is an error.
 */
export function parseBusAddress(address: string): UnixAddress[] {
  const out: UnixAddress[] = [];
  const skipped: string[] = [];
  for (const entry of address.split(";")) {
    if (entry === "") continue;
    const colon = entry.indexOf(":");
    if (colon === -1) throw new AddressError(address, `"${entry}" has no transport`);
    const transport = entry.slice(0, colon);
    const keys = new Map<string, string>();
    for (const kv of entry.slice(colon + 1).split(",")) {
      if (kv === "") continue;
      const eq = kv.indexOf("=");
      if (eq === -1) throw new AddressError(address, `"${kv}" is not key=value`);
      keys.set(kv.slice(0, eq), unescape(address, kv.slice(eq + 1)));
    }
    if (transport !== "unix") {
      skipped.push(transport);
      continue;
    }
    const path = keys.get("path");
    const abstract = keys.get("abstract");
    if (path !== undefined) out.push({ socketPath: path });
    else if (abstract !== undefined) out.push({ socketPath: `\0${abstract}` });
    else throw new AddressError(address, "unix transport needs path= or abstract=");
  }
  if (out.length === 0) {
    throw new AddressError(address, skipped.length ? `unsupported transport ${skipped.join(", ")}` : "no address");
  }
  return out;
}

/** The system bus address, as libdbus and godbus choose it. */
export function systemBusAddress(env: Record<string, string | undefined> = process.env): string {
  const a = env.DBUS_SYSTEM_BUS_ADDRESS;
  return a !== undefined && a !== "" ? a : DEFAULT_SYSTEM_BUS_ADDRESS;
}
