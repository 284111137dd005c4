import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { LOOPBACK_ANY, candidatePort, listeningPortsNow, onFreePort, spawnServer } from "./support/server-port.ts";

// A tiny server in a child process: listens on each address it is given.
const SERVER = `for (const a of process.argv.slice(1)) { const [h, p] = a.split(":"); Bun.serve({ hostname: h, port: Number(p), fetch: () => new Response(String(process.pid)) }); }`;

describe("server-port", () => {
  test("spawnServer finds every port a child picked itself, in its flags' order", async () => {
    const child = await spawnServer([process.execPath, "-e", SERVER, LOOPBACK_ANY, LOOPBACK_ANY], { what: "child", ports: 2, readyPath: "/" });
    try {
      expect(child.ports).toHaveLength(2);
      expect(child.ports[0]).not.toBe(child.ports[1]);
      for (const port of child.ports) expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe(String(child.proc.pid));
    } finally {
      await child.stop();
    }
  });

  test("a process with no listener has no ports; a child that exits fails with its stderr", async () => {
    expect(listeningPortsNow(process.pid)).toEqual([]);
    await expect(spawnServer([process.execPath, "-e", "console.error('boom'); process.exit(3)"], { what: "child" })).rejects.toThrow(
      "child did not start (exit 3): boom",
    );
  });

  test("candidate ports lie below the kernel's ephemeral range, where no port-0 bind or outgoing connection lands", () => {
    const low = Number.parseInt(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "latin1").trim().split(/\s+/)[0], 10);
    for (let i = 0; i < 20; i++) {
      const port = candidatePort();
      expect(port).toBeGreaterThanOrEqual(1024);
      expect(port).toBeLessThan(low);
    }
  });

  test("onFreePort retries when the failure says the address is in use, though its holder is gone", async () => {
    const tried: number[] = [];
    const port = await onFreePort(async (p) => {
      tried.push(p);
      if (tried.length === 1) throw new Error(`Could not create server TCP listening socket 127.0.0.1:${p}: bind: Address already in use`);
      return p;
    });
    expect(tried).toHaveLength(2);
    expect(port).toBe(tried[1]);
  });

  test("onFreePort retries only when the port was taken", async () => {
    const tried: number[] = [];
    let holder: ReturnType<typeof Bun.serve> | undefined;
    const port = await onFreePort(async (p) => {
      tried.push(p);
      if (tried.length === 1) {
        holder = Bun.serve({ hostname: "127.0.0.1", port: p, fetch: () => new Response() });
        throw new Error("address in use");
      }
      return p;
    });
    holder?.stop(true);
    expect(tried).toHaveLength(2);
    expect(port).toBe(tried[1]);
    let calls = 0;
    await expect(
      onFreePort(async () => {
        calls++;
        throw new Error("bad flag");
      }),
    ).rejects.toThrow("bad flag");
    expect(calls).toBe(1);
  });
});
