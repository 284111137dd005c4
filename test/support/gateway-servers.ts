// Starting a gateway under test: dist/mon gateway or the reference
// Pushgateway, on a free loopback port, with no persistence.

import { existsSync } from "node:fs";
import type { Subprocess } from "bun";
import { MON_BINARY, freePort } from "./spawn-mon.ts";

export const PUSHGATEWAY_REFERENCE = process.env.PUSHGATEWAY_REFERENCE ?? "/usr/bin/prometheus-pushgateway";

export function referencePresent(): boolean {
  return existsSync(PUSHGATEWAY_REFERENCE);
}

export interface GatewayUnderTest {
  base: string;
  proc: Subprocess;
  stop(): Promise<void>;
}

export async function startGateway(kind: "mon" | "reference", extraArgs: string[] = []): Promise<GatewayUnderTest> {
  const port = freePort();
  const listen = `--web.listen-address=127.0.0.1:${port}`;
  // Debian's build defaults --persistence.file to a system path: clear it.
  const cmd =
    kind === "mon"
      ? [MON_BINARY, "gateway", listen, ...extraArgs]
      : [PUSHGATEWAY_REFERENCE, listen, "--persistence.file=", ...extraArgs];
  const proc = Bun.spawn(cmd, { stdin: "ignore", stdout: "ignore", stderr: "pipe" });
  const base = `http://127.0.0.1:${port}`;
  const prefix = extraArgs.find((a) => a.startsWith("--web.route-prefix="))?.slice("--web.route-prefix=".length) ?? "";
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const res = await fetch(`${base}${prefix === "/" ? "" : prefix}/-/ready`);
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (proc.exitCode !== null || Date.now() > deadline) {
      proc.kill("SIGKILL");
      throw new Error(`${kind} gateway did not start: ${await new Response(proc.stderr).text()}`);
    }
    await Bun.sleep(15);
  }
  return {
    base,
    proc,
    stop: async () => {
      proc.kill("SIGTERM");
      await proc.exited;
    },
  };
}
