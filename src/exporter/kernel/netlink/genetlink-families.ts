// Generic netlink family lookup (CTRL_CMD_GETFAMILY dumped from nlctrl):
// the family name to id map, e.g. whether the kernel has nl80211 at all.

import { attributeString, parseAttributes, type NetlinkMessage } from "./netlink-messages.ts";
import { netlinkDump } from "./netlink-socket.ts";

export const NETLINK_GENERIC = 16;
const GENL_ID_CTRL = 16;
const CTRL_CMD_GETFAMILY = 3;
const GENL_HDRLEN = 4;
const CTRL_ATTR_FAMILY_ID = 1;
const CTRL_ATTR_FAMILY_NAME = 2;

/** Family name to id from the answers of a CTRL_CMD_GETFAMILY dump. */
export function parseFamilyMessages(messages: NetlinkMessage[]): Map<string, number> {
  const families = new Map<string, number>();
  for (const m of messages) {
    if (m.type !== GENL_ID_CTRL || m.payload.length < GENL_HDRLEN) continue;
    const attrs = parseAttributes(m.payload, GENL_HDRLEN);
    const id = attrs.get(CTRL_ATTR_FAMILY_ID);
    const name = attrs.get(CTRL_ATTR_FAMILY_NAME);
    if (!id || id.length < 2 || !name) continue;
    families.set(attributeString(name), new DataView(id.buffer, id.byteOffset, 2).getUint16(0, true));
  }
  return families;
}

export function listGenericFamilies(): Map<string, number> {
  const header = new Uint8Array([CTRL_CMD_GETFAMILY, 1, 0, 0]);
  return parseFamilyMessages(netlinkDump(NETLINK_GENERIC, GENL_ID_CTRL, header));
}
