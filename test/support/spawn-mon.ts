// Starts the compiled dist/mon for end-to-end tests and waits until it answers.

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Subprocess } from "bun";

export const MON_BINARY = resolve(import.meta.dir, "../../dist/mon");

export function binaryPresent(): boolean {
  return existsSync(MON_BINARY);
}

/** A loopback port that was free a moment ago. */
export function freePort(): number {
  const s = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const port = s.port as number;
  s.stop(true);
  return port;
}

export interface RunningMon {
  proc: Subprocess<"ignore", "pipe", "pipe">;
  base: string;
  port: number;
  stop(signal?: NodeJS.Signals): Promise<number>;
}

export async function spawnMon(args: string[], opts: { cwd?: string; port?: number; readyPath?: string } = {}): Promise<RunningMon> {
  const port = opts.port ?? freePort();
  const proc = Bun.spawn([MON_BINARY, ...args, `--web.listen-address=127.0.0.1:${port}`], {
    cwd: opts.cwd,
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const res = await fetch(`${base}${opts.readyPath ?? "/"}`);
      await res.arrayBuffer();
      break;
    } catch {
      if (proc.exitCode !== null || Date.now() > deadline) {
        const err = await new Response(proc.stderr).text();
        proc.kill("SIGKILL");
        throw new Error(`dist/mon did not start (exit ${proc.exitCode}): ${err}`);
      }
      await Bun.sleep(20);
    }
  }
  return {
    proc,
    base,
    port,
    stop: async (signal = "SIGTERM") => {
      proc.kill(signal);
      return await proc.exited;
    },
  };
}
