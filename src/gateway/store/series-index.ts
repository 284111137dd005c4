// Which stored families hold a series of a given identity (metric name plus
// full label set), keyed by a 53-bit hash of the identity rather than by an
// identity string: a number key costs the heap nothing, a string of ~80
// characters per series does. Hashes can collide, so a slot lists every
// family holding a series with that hash, and callers compare the actual
// labels (StoredFamily.hasSeries) before calling two series the same.

import type { LabelSchema } from "./series-identity.ts";
import type { StoredFamily } from "./stored-family.ts";

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
