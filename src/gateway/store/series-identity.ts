// The identity of a series (metric name plus full label set) as a 53-bit
// hash. Both the stored families (which keep each series' hash) and the
// series index (keyed by it) use it, so it lives apart from both.

/** The sorted label names of a series; one array is shared by every series (and family) with the same names. */
export type LabelSchema = readonly string[];

const SEPARATOR = 0x10000;

function mixString(h: number, s: string, mul: number): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), mul);
  // A value no UTF-16 unit can take ends each string, so "ab","c" and "a","bc" differ.
  return Math.imul(h ^ SEPARATOR, mul);
}

function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A 53-bit hash of name plus the label names and the values from values[start]. */
export function identityHash(name: string, names: LabelSchema, values: readonly string[], start: number): number {
  // Two independent 32-bit lanes (FNV-1a and a murmur multiplier), 53 bits kept.
  let a = mixString(0x811c9dc5, name, 0x01000193);
  let b = mixString(0x9747b28c, name, 0x5bd1e995);
  for (let j = 0; j < names.length; j++) {
    a = mixString(mixString(a, names[j], 0x01000193), values[start + j], 0x01000193);
    b = mixString(mixString(b, names[j], 0x5bd1e995), values[start + j], 0x5bd1e995);
  }
  return finish(a) * 0x200000 + (finish(b) & 0x1fffff);
}
