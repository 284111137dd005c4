// The thin socket side of nl80211: resolve the generic netlink family, send
// the dumps, hand the answers to the pure decoders in nl80211-messages.ts.
// Absent data is thrown as an ENOENT-coded error, like the os.ErrNotExist
// mdlayher/wifi returns, so callers tell "nothing here" from a failure.

import { NETLINK_GENERIC, listGenericFamilies } from "./genetlink-families.ts";
import {
  NL80211_CMD_GET_INTERFACE,
  NL80211_CMD_GET_SCAN,
  NL80211_CMD_GET_STATION,
  NL80211_GENL_NAME,
  type Nl80211BSS,
  type Nl80211Interface,
  type Nl80211Station,
  encodeNl80211Request,
  parseInterfaceMessages,
  parseScanMessages,
  parseStationMessages,
} from "./nl80211-messages.ts";
import type { NetlinkMessage } from "./netlink-messages.ts";
import { netlinkDump } from "./netlink-socket.ts";

const ENOENT = 2;
const EPERM = 1;
const EACCES = 13;

export interface Nl80211Client {
  interfaces(): Nl80211Interface[];
  bss(ifi: Nl80211Interface): Nl80211BSS;
  stations(ifi: Nl80211Interface): Nl80211Station[];
}

function errnoOf(err: unknown): number | undefined {
  return (err as { errno?: unknown })?.errno as number | undefined;
}

/** Whether a netlink failure is EPERM or EACCES (Go's os.ErrPermission). */
export function isPermissionError(err: unknown): boolean {
  const errno = errnoOf(err);
  return errno === EPERM || errno === EACCES;
}

function notFound(message: string, cause?: unknown): Error {
  return Object.assign(new Error(message, { cause }), { code: "ENOENT" });
}

/** Sends one nl80211 dump request (generic netlink payload) and returns the answers. */
export type Nl80211Dump = (payload: Uint8Array) => NetlinkMessage[];

/**
 * Opens nl80211. Throws an ENOENT-coded error when the kernel has no nl80211
 * family (no wifi driver loaded); other netlink failures are thrown as they are.
 */
export function openNl80211(): Nl80211Client {
  const familyId = listGenericFamilies().get(NL80211_GENL_NAME);
  if (familyId === undefined) throw notFound(`generic netlink family ${NL80211_GENL_NAME} does not exist`);
  return nl80211Client((payload) => netlinkDump(NETLINK_GENERIC, familyId, payload));
}

/** The client over any dump transport: the kernel's, or recorded answers in tests. */
export function nl80211Client(send: Nl80211Dump): Nl80211Client {
  const dump = (command: string, payload: Uint8Array, ifi?: Nl80211Interface): NetlinkMessage[] => {
    const what = ifi ? `nl80211 ${command} for interface ${ifi.Name} (index ${ifi.Index})` : `nl80211 ${command}`;
    try {
      return send(payload);
    } catch (err) {
      const message = `${what}: ${(err as Error).message}`;
      throw errnoOf(err) === ENOENT ? notFound(message, err) : new Error(message, { cause: err });
    }
  };

  return {
    interfaces: () => parseInterfaceMessages(dump("GET_INTERFACE", encodeNl80211Request(NL80211_CMD_GET_INTERFACE))),
    bss(ifi) {
      const bss = parseScanMessages(dump("GET_SCAN", encodeNl80211Request(NL80211_CMD_GET_SCAN, ifi), ifi));
      if (!bss) throw notFound(`nl80211: interface ${ifi.Name} is associated with no BSS`);
      return bss;
    },
    stations(ifi) {
      const stations = parseStationMessages(dump("GET_STATION", encodeNl80211Request(NL80211_CMD_GET_STATION, ifi), ifi));
      if (!stations) throw notFound(`nl80211: interface ${ifi.Name} has no station information`);
      return stations;
    },
  };
}
