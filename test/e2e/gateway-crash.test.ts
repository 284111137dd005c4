// kill -9 amid concurrent pushes, 20 times: with --persistence.interval=0
// every push the gateway acknowledged is there after the restart. The
// same file carries over from round to round, so each start also replays
// the logs the previous kill left and compacts them while pushes arrive.

import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LOOPBACK_ANY, type SpawnedServer, spawnServer } from "../support/server-port.ts";
import { MON_BINARY } from "../support/spawn-mon.ts";

const ROUNDS = 20;
const PUSHERS = 4;
const GROUPS_PER_PUSHER = 25;

const dir = mkdtempSync(join(tmpdir(), "mon-gw-crash-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(file: string): Promise<SpawnedServer> {
  return spawnServer(
    [MON_BINARY, "gateway", `--web.listen-address=${LOOPBACK_ANY}`, `--persistence.file=${file}`, "--persistence.interval=0"],
    { what: "dist/mon gateway", readyPath: "/-/ready" },
  );
}

/** Per group: the value of its last acknowledged push, and of a push still unanswered when the gateway died. */
interface GroupState {
  acked?: number;
  inFlight?: number;
}

const groupKey = (pusher: number, group: number) => `${pusher}/${group}`;

/** crash_value per group, from a scrape. */
function valuesIn(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of text.matchAll(/^crash_value\{group="(\d+)",instance="",job="crash",pusher="(\d+)"\} (\S+)$/gm)) {
    out.set(groupKey(Number(m[2]), Number(m[1])), Number(m[3]));
  }
  return out;
}

test(`kill -9 amid ${PUSHERS} concurrent pushers, ${ROUNDS} times: every acknowledged push survives`, async () => {
  const file = join(dir, "metrics");
  const groups = new Map<string, GroupState>();
  let next = 1;
  let acknowledged = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const gw = await start(file);
    // Pushers PUT increasing values to their own groups, one push at a time each.
    let dead = false;
    const pushers = Array.from({ length: PUSHERS }, async (_, p) => {
      for (let i = 0; !dead; i++) {
        const g = (i * 7 + round) % GROUPS_PER_PUSHER;
        const state = groups.get(groupKey(p, g)) ?? {};
        groups.set(groupKey(p, g), state);
        const value = next++;
        state.inFlight = value;
        let status = 0;
        try {
          const res = await fetch(`${gw.base}/metrics/job/crash/pusher/${p}/group/${g}`, { method: "PUT", body: `crash_value ${value}\n` });
          await res.arrayBuffer();
          status = res.status;
        } catch {
          return; // killed: this push's outcome is unknown
        }
        expect(status).toBe(200);
        state.acked = value;
        state.inFlight = undefined;
        acknowledged++;
      }
    });
    // Let the pushers get going, then kill at a point that varies from round to round.
    const before = acknowledged;
    while (acknowledged - before < 50 + ((round * 37) % 200)) await Bun.sleep(1);
    gw.proc.kill(9);
    dead = true;
    await gw.proc.exited;
    await Promise.all(pushers);

    const again = await start(file);
    try {
      const found = valuesIn(await (await fetch(`${again.base}/metrics`)).text());
      for (const [key, state] of groups) {
        if (state.acked === undefined) {
          // Never acknowledged: absent, or the push the kill interrupted. If it
          // reached the disk it is what later rounds must find, as if acknowledged.
          if (found.has(key)) {
            expect(found.get(key)).toBe(state.inFlight as number);
            state.acked = found.get(key);
          }
          state.inFlight = undefined;
          continue;
        }
        const value = found.get(key);
        // The last acknowledged value, or a later push the kill interrupted after it reached the disk.
        expect([state.acked, state.inFlight]).toContain(value);
        state.acked = value;
        state.inFlight = undefined;
      }
    } finally {
      again.proc.kill(9);
      await again.proc.exited;
    }
  }
  expect(acknowledged).toBeGreaterThan(ROUNDS * 50);
  // A kill -9 never tears a write: nothing was damaged, nothing kept aside.
  expect(readdirSync(dir).filter((n) => n.includes(".corrupt-"))).toEqual([]);
}, 120_000);
