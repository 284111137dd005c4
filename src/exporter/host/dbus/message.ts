// D-Bus messages: the fixed 16-byte header, the a(yv) header fields, and the
// body, encoded and decoded as pure functions over bytes.

import { type DbusValue, Variant, WireError, WireReader, WireWriter, readValue, writeValue, writeValues } from "./marshal.ts";
import { parseSignature } from "./signature.ts";

export const MessageType = { MethodCall: 1, MethodReturn: 2, Error: 3, Signal: 4 } as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

export const NO_REPLY_EXPECTED = 0x1;

export interface DbusMessage {
  type: MessageType;
  flags: number;
  serial: number;
  path?: string;
  interface?: string;
  member?: string;
  errorName?: string;
  replySerial?: number;
  destination?: string;
  sender?: string;
  /** The body's signature; "" for an empty body. */
  signature: string;
  body: DbusValue[];
}

const FIELD = { path: 1, interface: 2, member: 3, errorName: 4, replySerial: 5, destination: 6, sender: 7, signature: 8, unixFds: 9 };
const FIELD_SIG: Record<number, string> = { 1: "o", 2: "s", 3: "s", 4: "s", 5: "u", 6: "s", 7: "s", 8: "g", 9: "u" };
const HEADER_FIELDS_TYPE = parseSignature("a(yv)")[0];
const MAX_MESSAGE_BYTES = 128 * 1024 * 1024;

/** Fields each message type must carry (D-Bus specification, "Message Types"). */
function checkRequired(m: DbusMessage): void {
  const missing = (what: string) => new WireError(`D-Bus message type ${m.type} (serial ${m.serial}) lacks ${what}`);
  if (m.type === MessageType.MethodCall && (m.path === undefined || m.member === undefined)) throw missing("PATH or MEMBER");
  if (m.type === MessageType.Signal && (m.path === undefined || m.member === undefined || m.interface === undefined)) {
    throw missing("PATH, INTERFACE or MEMBER");
  }
  if (m.type === MessageType.Error && (m.errorName === undefined || m.replySerial === undefined)) throw missing("ERROR_NAME or REPLY_SERIAL");
  if (m.type === MessageType.MethodReturn && m.replySerial === undefined) throw missing("REPLY_SERIAL");
}

export function encodeMessage(m: DbusMessage): Uint8Array {
  checkRequired(m);
  if (m.serial === 0) throw new WireError("D-Bus message serial must not be 0");
  const fields: DbusValue[] = [];
  const add = (code: number, value: string | number | undefined) => {
    if (value !== undefined) fields.push([code, new Variant(FIELD_SIG[code], value)]);
  };
  add(FIELD.path, m.path);
  add(FIELD.interface, m.interface);
  add(FIELD.member, m.member);
  add(FIELD.errorName, m.errorName);
  add(FIELD.replySerial, m.replySerial);
  add(FIELD.destination, m.destination);
  add(FIELD.sender, m.sender);
  if (m.signature !== "") add(FIELD.signature, m.signature);

  const w = new WireWriter();
  w.byte("l".charCodeAt(0));
  w.byte(m.type);
  w.byte(m.flags);
  w.byte(1);
  w.fixed(4, () => {});
  w.fixed(4, (d, o) => d.setUint32(o, m.serial, true));
  writeValue(w, HEADER_FIELDS_TYPE, fields);
  w.align(8);
  const bodyStart = w.length;
  writeValues(w, m.signature, m.body);
  w.uint32At(4, w.length - bodyStart);
  return w.result();
}

/**
 * The total length of the message at the start of bytes, or undefined while
 * fewer than its 16 fixed header bytes have arrived.
 */
export function messageLength(bytes: Uint8Array): number | undefined {
  if (bytes.length < 16) return undefined;
  const le = endianOf(bytes[0]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, 16);
  const bodyLength = view.getUint32(4, le);
  const fieldsLength = view.getUint32(12, le);
  const headerEnd = 16 + fieldsLength;
  const total = headerEnd + ((8 - (headerEnd % 8)) % 8) + bodyLength;
  if (total > MAX_MESSAGE_BYTES) throw new WireError(`D-Bus message of ${total} bytes is longer than 128 MiB`);
  return total;
}

function endianOf(b: number): boolean {
  if (b === 0x6c) return true; // 'l'
  if (b === 0x42) return false; // 'B'
  throw new WireError(`D-Bus message starts with byte 0x${b.toString(16)}, want 'l' or 'B'`);
}

/** Decodes exactly one whole message. */
export function decodeMessage(bytes: Uint8Array): DbusMessage {
  const le = endianOf(bytes[0]);
  const r = new WireReader(bytes, le);
  r.pos = 1;
  const type = r.byte();
  const flags = r.byte();
  const version = r.byte();
  if (version !== 1) throw new WireError(`D-Bus protocol version ${version}, want 1`);
  if (type < 1 || type > 4) throw new WireError(`unknown D-Bus message type ${type}`);
  const bodyLength = r.uint32("body length");
  const serial = r.uint32("serial");
  if (serial === 0) throw new WireError("D-Bus message serial is 0");
  const m: DbusMessage = { type: type as MessageType, flags, serial, signature: "", body: [] };
  const fields = readValue(r, HEADER_FIELDS_TYPE) as [number, Variant][];
  for (const [code, v] of fields) {
    const want = FIELD_SIG[code];
    if (want === undefined) continue; // unknown fields must be ignored
    if (v.signature !== want) throw new WireError(`header field ${code} has type "${v.signature}", want "${want}"`);
    switch (code) {
      case FIELD.path:
        m.path = v.value as string;
        break;
      case FIELD.interface:
        m.interface = v.value as string;
        break;
      case FIELD.member:
        m.member = v.value as string;
        break;
      case FIELD.errorName:
        m.errorName = v.value as string;
        break;
      case FIELD.replySerial:
        m.replySerial = v.value as number;
        break;
      case FIELD.destination:
        m.destination = v.value as string;
        break;
      case FIELD.sender:
        m.sender = v.value as string;
        break;
      case FIELD.signature:
        m.signature = v.value as string;
        break;
    }
  }
  r.align(8);
  if (r.pos + bodyLength !== bytes.length) {
    throw new WireError(`D-Bus message is ${bytes.length} bytes, its header says ${r.pos + bodyLength}`);
  }
  m.body = parseSignature(m.signature).map((t) => readValue(r, t));
  if (r.pos !== bytes.length) throw new WireError(`D-Bus message body has ${bytes.length - r.pos} bytes beyond its signature "${m.signature}"`);
  checkRequired(m);
  return m;
}
