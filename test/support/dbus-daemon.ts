// Starts a private dbus-daemon on a unix socket in a temp dir, with a policy
// that allows everything, for tests that talk D-Bus to stand-in services.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { commandMissing, skipWhenMissing } from "./requirements.ts";

export interface PrivateBus {
  address: string;
  stop(): Promise<void>;
}

/** The dbus-daemon binary, or undefined when it is not installed. */
const DBUS_DAEMON = Bun.which("dbus-daemon") ?? undefined;

/** True when the D-Bus suite `what` must skip (dbus-daemon absent); fails under MON_STRICT_TESTS=1. */
export function skipWithoutDbus(what: string): boolean {
  return skipWhenMissing(what, commandMissing("dbus-daemon", "apt-get install dbus"));
}

export async function startPrivateBus(): Promise<PrivateBus> {
  if (!DBUS_DAEMON) throw new Error("dbus-daemon is not installed");
  const dir = mkdtempSync(join(tmpdir(), "mon-dbus-"));
  const config = join(dir, "bus.conf");
  writeFileSync(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>custom</type>
  <listen>unix:path=${join(dir, "bus")}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
`,
  );
  const proc = Bun.spawn([DBUS_DAEMON, `--config-file=${config}`, "--print-address", "--nofork"], {
    stdout: "pipe",
    stderr: "pipe",
  });
  // The daemon prints its address once it listens; that line is our start signal.
  const reader = proc.stdout.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) {
      const err = await new Response(proc.stderr).text();
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`dbus-daemon exited before printing its address: ${err}`);
    }
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return {
    address: text.split("\n")[0].trim(),
    async stop() {
      proc.kill();
      await proc.exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
