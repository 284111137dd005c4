// Which stored families hold a series of a given identity (metric name plus
// full label set), keyed by a 53-bit hash of the identity rather than by an
// identity string: a number key costs the heap nothing, a string of ~80
// characters per series does. Hashes can collide, so a slot lists every
// family holding a series with that hash, and callers compare the actual
// labels (StoredFamily.hasSeries) before calling two series the same.

import type { LabelSchema, StoredFamily } from "./stored-family.ts";

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

type Slot = StoredFamily | StoredFamily[];

export class SeriesIndex {
  private readonly slots = new Map<number, Slot>();

  get size(): number {
    return this.slots.size;
  }

  /** Indexes every series of f. */
  add(f: StoredFamily): void {
    for (let i = 0; i < f.size; i++) {
      const h = f.hashAt(i);
      const slot = this.slots.get(h);
      if (slot === undefined) this.slots.set(h, f);
      else if (slot === f) continue;
      else if (Array.isArray(slot)) {
        if (!slot.includes(f)) slot.push(f);
      } else this.slots.set(h, [slot, f]);
    }
  }

  /** Un-indexes every series of f. */
  remove(f: StoredFamily): void {
    for (let i = 0; i < f.size; i++) {
      const h = f.hashAt(i);
      const slot = this.slots.get(h);
      if (slot === f) this.slots.delete(h);
      else if (Array.isArray(slot)) {
        const at = slot.indexOf(f);
        if (at < 0) continue;
        slot.splice(at, 1);
        if (slot.length === 1) this.slots.set(h, slot[0]);
      }
    }
  }

  /**
   * Whether a family of another group than groupId holds the series name +
   * (names, values from start) whose hash is hash.
   */
  heldElsewhere(
    groupId: string,
    name: string,
    hash: number,
    names: LabelSchema,
    values: readonly string[],
    start: number,
  ): boolean {
    const slot = this.slots.get(hash);
    if (slot === undefined) return false;
    // One family or several; walked in place so the hot push path allocates nothing.
    const many = Array.isArray(slot);
    for (let k = 0, n = many ? slot.length : 1; k < n; k++) {
      const f = many ? slot[k] : slot;
      if (f.groupId !== groupId && f.name === name && f.hasSeries(hash, names, values, start)) return true;
    }
    return false;
  }
}
