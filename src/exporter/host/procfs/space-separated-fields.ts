// Walking white-space separated fields of a procfs text in place, as
// split(/\s+/) would cut them, without the arrays and strings a split makes
// for every line (the parsers that use it say what that saved per scrape).

/** What the regular expression \s matches, as split(/\s+/) splits at it. */
export function isRegExpSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** The first position in [pos, end) that is not white space, or end. */
export function skipSpace(text: string, pos: number, end: number): number {
  while (pos < end && isRegExpSpace(text.charCodeAt(pos))) pos++;
  return pos;
}

/** The first white-space position in [pos, end), or end: the end of the field at pos. */
export function skipField(text: string, pos: number, end: number): number {
  while (pos < end && !isRegExpSpace(text.charCodeAt(pos))) pos++;
  return pos;
}

/** Where a line's first two fields are: [keyStart, keyEnd) and [valueStart, valueEnd), empty when absent. */
export interface FirstTwoFields {
  /** 1-based. */
  line: number;
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
}

/**
 * visit(fields) for each line of text with the positions of its first two
 * white-space separated fields (as trim().split(/\s+/) takes them). The one
 * fields object is reused from line to line: read it, do not keep it.
 */
export function eachLineFirstTwoFields(text: string, visit: (fields: FirstTwoFields) => void): void {
  const f: FirstTwoFields = { line: 0, keyStart: 0, keyEnd: 0, valueStart: 0, valueEnd: 0 };
  for (let pos = 0; pos < text.length; ) {
    let stop = text.indexOf("\n", pos);
    if (stop === -1) stop = text.length;
    f.line++;
    f.keyStart = skipSpace(text, pos, stop);
    f.keyEnd = skipField(text, f.keyStart, stop);
    f.valueStart = skipSpace(text, f.keyEnd, stop);
    f.valueEnd = skipField(text, f.valueStart, stop);
    pos = stop + 1;
    visit(f);
  }
}
