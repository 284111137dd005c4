// Starting a gateway under test: dist/mon gateway or the reference
// Pushgateway, on a free loopback port, with no persistence.

import { existsSync } from "node:fs";
import type { Subprocess } from "bun";
import { LOOPBACK_ANY, spawnServer } from "./server-port.ts";
import { MON_BINARY } from "./spawn-mon.ts";

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
  const listen = `--web.listen-address=${LOOPBACK_ANY}`;
  // Debian's build defaults --persistence.file to a system path: clear it.
  const cmd =
    kind === "mon"
      ? [MON_BINARY, "gateway", listen, ...extraArgs]
      : [PUSHGATEWAY_REFERENCE, listen, "--persistence.file=", ...extraArgs];
  const prefix = extraArgs.find((a) => a.startsWith("--web.route-prefix="))?.slice("--web.route-prefix=".length) ?? "";
  const gw = await spawnServer(cmd, { what: `${kind} gateway`, readyPath: `${prefix === "/" ? "" : prefix}/-/ready` });
  return {
    base: gw.base,
    proc: gw.proc,
    stop: async () => {
      await gw.stop();
    },
  };
}
