// mon's gateway log file: the single node's append-only record of the
// mutations applied to its store since the snapshot (persistence-format.ts).
// Each record holds one mutation encoded exactly as the cluster's Redis
// stream carries it (store/mutation-codec.ts).
//
//   header    bytes 0..7    magic "MONGWLOG"
//             bytes 8..11   log format version, uint32 big-endian (1)
//             bytes 12..15  generation, uint32 big-endian (the n of <file>.log-<n>)
//   records   uint32 BE payload length · uint32 BE CRC-32 (IEEE) of the four
//             length bytes followed by the payload · payload (an encoded mutation)
//
// The checksum covers the length so that a run of zeros (a file extended by
// a crash before its data reached the disk) is never a valid record.
//
// A writer may fill the file with zeros ahead of its records (so that an
// fdatasync has no size change to journal): zeros after the last record are
// the end of the log.
//
// A crash can leave the last records incompletely written (a torn tail):
// readLog drops everything from the first bad record on when no valid record
// follows it. A bad record followed by valid ones is damage in the middle
// (a disk error, not a crash): readLog skips to the next valid record and
// reports the skipped byte range, so the caller can keep a copy of the file.

export const LOG_MAGIC = "MONGWLOG";
export const LOG_FORMAT_VERSION = 1;
export const LOG_HEADER_SIZE = 16;
export const RECORD_HEADER_SIZE = 8;
/** The smallest encoded mutation (version, kind, 8-byte time) is 10 bytes. */
const MIN_PAYLOAD = 10;

export class LogFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LogFormatError";
  }
}

export function encodeLogHeader(generation: number): Uint8Array {
  const out = new Uint8Array(LOG_HEADER_SIZE);
  out.set(new TextEncoder().encode(LOG_MAGIC), 0);
  const view = new DataView(out.buffer);
  view.setUint32(8, LOG_FORMAT_VERSION);
  view.setUint32(12, generation);
  return out;
}

/** One record: length, checksum, payload. */
export function encodeRecord(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(RECORD_HEADER_SIZE + payload.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, payload.length);
  out.set(payload, RECORD_HEADER_SIZE);
  view.setUint32(4, recordChecksum(out.subarray(0, 4), payload));
  return out;
}

function recordChecksum(lengthBytes: Uint8Array, payload: Uint8Array): number {
  return Bun.hash.crc32(payload, Bun.hash.crc32(lengthBytes));
}

export interface LogContents {
  /** From the header; undefined when the file is shorter than its header (torn at creation). */
  generation?: number;
  /** The payloads of the valid records, in order. */
  records: Uint8Array[];
  /** Where the valid records end; a torn tail starts here. */
  validEnd: number;
  /** Bytes dropped at the end: an incomplete last write. */
  tornBytes: number;
  /** Zeros after the last record: room the writer reserved. */
  reservedBytes: number;
  /** Byte ranges [from, to) of damaged records skipped in the middle. */
  damaged: { from: number; to: number }[];
}

/** The end of the valid record at pos, or -1 when there is none there. */
function recordEnd(bytes: Uint8Array, view: DataView, pos: number): number {
  if (bytes.length - pos < RECORD_HEADER_SIZE) return -1;
  const length = view.getUint32(pos);
  if (length < MIN_PAYLOAD || length > bytes.length - pos - RECORD_HEADER_SIZE) return -1;
  const payload = bytes.subarray(pos + RECORD_HEADER_SIZE, pos + RECORD_HEADER_SIZE + length);
  if (recordChecksum(bytes.subarray(pos, pos + 4), payload) !== view.getUint32(pos + 4)) return -1;
  return pos + RECORD_HEADER_SIZE + length;
}

/**
 * Splits a log file into its records. Throws LogFormatError when the header
 * is complete but is not a mon log of a version this mon reads: nothing in
 * the file can be trusted then.
 */
export function readLog(bytes: Uint8Array): LogContents {
  if (bytes.length < LOG_HEADER_SIZE) {
    return { records: [], validEnd: 0, tornBytes: bytes.length, reservedBytes: 0, damaged: [] };
  }
  if (new TextDecoder().decode(bytes.subarray(0, 8)) !== LOG_MAGIC) throw new LogFormatError("bad magic: not a mon gateway log file");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8);
  if (version !== LOG_FORMAT_VERSION) {
    throw new LogFormatError(`log format version ${version} is not supported (this mon reads ${LOG_FORMAT_VERSION})`);
  }
  const out: LogContents = { generation: view.getUint32(12), records: [], validEnd: LOG_HEADER_SIZE, tornBytes: 0, reservedBytes: 0, damaged: [] };
  let pos = LOG_HEADER_SIZE;
  while (pos < bytes.length) {
    const end = recordEnd(bytes, view, pos);
    if (end > 0) {
      out.records.push(bytes.subarray(pos + RECORD_HEADER_SIZE, end));
      pos = end;
      out.validEnd = end;
      continue;
    }
    if (allZero(bytes, pos)) {
      out.reservedBytes = bytes.length - pos;
      break;
    }
    let next = -1;
    for (let p = pos + 1; p + RECORD_HEADER_SIZE + MIN_PAYLOAD <= bytes.length; p++) {
      if (recordEnd(bytes, view, p) > 0) {
        next = p;
        break;
      }
    }
    if (next < 0) {
      out.tornBytes = bytes.length - pos;
      break;
    }
    out.damaged.push({ from: pos, to: next });
    pos = next;
  }
  return out;
}

function allZero(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}
