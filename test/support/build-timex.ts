// Builds a struct timex buffer as the kernel lays it out, from field values,
// for tests of the decoder and the timex collector.

import { TIMEX_LAYOUT, TIMEX_SIZE, type Timex } from "../../src/exporter/kernel/adjtimex.ts";

export function buildTimex(values: Partial<Timex>): Uint8Array {
  const buf = new Uint8Array(TIMEX_SIZE);
  const view = new DataView(buf.buffer);
  for (const [name, v] of Object.entries(values) as [keyof Timex, number][]) {
    const { offset, size } = TIMEX_LAYOUT[name];
    if (size === 8) view.setBigInt64(offset, BigInt(v), true);
    else view.setInt32(offset, v, true);
  }
  return buf;
}
