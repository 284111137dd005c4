// Go's %q verb (strconv.Quote / strconv.QuoteRune). Parse errors quote the
// offending token this way so that mon's 400 bodies read like Go's.

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function isPrint(r: number): boolean {
  return PRINTABLE.test(String.fromCodePoint(r));
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, "0");
}

function escapeRune(r: number, quote: number): string {
  if (r === quote || r === 0x5c) return `\\${String.fromCharCode(r)}`;
  if (isPrint(r)) return String.fromCodePoint(r);
  switch (r) {
    case 0x07:
      return "\\a";
    case 0x08:
      return "\\b";
    case 0x0c:
      return "\\f";
    case 0x0a:
      return "\\n";
    case 0x0d:
      return "\\r";
    case 0x09:
      return "\\t";
    case 0x0b:
      return "\\v";
  }
  if (r < 0x20 || r === 0x7f) return `\\x${hex(r, 2)}`;
  if (r < 0x10000) return `\\u${hex(r, 4)}`;
  return `\\U${hex(r, 8)}`;
}

/**
 * Decodes one UTF-8 sequence at i the way Go's utf8.DecodeRune does; returns
 * [rune, width], with rune -1 for an invalid byte (width 1).
 */
export function decodeRune(b: Uint8Array, i: number): [number, number] {
  const b0 = b[i];
  if (b0 < 0x80) return [b0, 1];
  const need = b0 >= 0xf0 && b0 <= 0xf4 ? 3 : b0 >= 0xe0 && b0 <= 0xef ? 2 : b0 >= 0xc2 && b0 <= 0xdf ? 1 : -1;
  if (need < 0 || i + need >= b.length) return [-1, 1];
  const b1 = b[i + 1];
  // The second byte's allowed range excludes overlong forms and surrogates.
  let lo = 0x80;
  let hi = 0xbf;
  if (b0 === 0xe0) lo = 0xa0;
  else if (b0 === 0xed) hi = 0x9f;
  else if (b0 === 0xf0) lo = 0x90;
  else if (b0 === 0xf4) hi = 0x8f;
  if (b1 < lo || b1 > hi) return [-1, 1];
  if (need === 1) return [((b0 & 0x1f) << 6) | (b1 & 0x3f), 2];
  const b2 = b[i + 2];
  if (b2 < 0x80 || b2 > 0xbf) return [-1, 1];
  if (need === 2) return [((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f), 3];
  const b3 = b[i + 3];
  if (b3 < 0x80 || b3 > 0xbf) return [-1, 1];
  return [((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f), 4];
}

/** strconv.Quote of raw bytes: invalid UTF-8 bytes come out as \xHH. */
export function goQuoteBytes(bytes: Uint8Array): string {
  let out = '"';
  for (let i = 0; i < bytes.length; ) {
    const [r, w] = decodeRune(bytes, i);
    out += r < 0 ? `\\x${hex(bytes[i], 2)}` : escapeRune(r, 0x22);
    i += w;
  }
  return `${out}"`;
}

/** strconv.Quote of a string. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const r = ch.codePointAt(0) ?? 0;
    // A lone surrogate cannot come from valid UTF-8; Go would show U+FFFD.
    out += r >= 0xd800 && r <= 0xdfff ? "\\ufffd" : escapeRune(r, 0x22);
  }
  return `${out}"`;
}

/** %q of a Go byte, which formats it as the rune with that code point. */
export function goQuoteByte(b: number): string {
  return `'${escapeRune(b, 0x27)}'`;
}
