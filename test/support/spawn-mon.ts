// Starts the compiled dist/mon for end-to-end tests and waits until it answers.

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { LOOPBACK_ANY, type SpawnedServer, spawnServer } from "./server-port.ts";

export const MON_BINARY = resolve(import.meta.dir, "../../dist/mon");

export function binaryPresent(): boolean {
  return existsSync(MON_BINARY);
}

export type RunningMon = SpawnedServer;

/** dist/mon with `args` on a port the kernel picks, once `readyPath` (/) answers 200. */
export function spawnMon(args: string[], opts: { cwd?: string; readyPath?: string } = {}): Promise<RunningMon> {
  return spawnServer([MON_BINARY, ...args, `--web.listen-address=${LOOPBACK_ANY}`], {
    what: `dist/mon ${args[0] ?? ""}`.trim(),
    cwd: opts.cwd,
    readyPath: opts.readyPath ?? "/",
  });
}
