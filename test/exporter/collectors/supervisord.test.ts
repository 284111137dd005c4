// The supervisord collector against stand-in XML-RPC servers on loopback and
// on a unix socket.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "bun";
import { createSupervisordCollector, processInfos, supervisordEndpoint } from "../../../src/exporter/collectors/supervisord.ts";
import { silentLogger } from "../../../src/telemetry/logger.ts";
import { FamilyBuilder } from "../../../src/metrics/family-builder.ts";
import { normalizeFamilies, writeText } from "../../../src/metrics/text-writer.ts";

const member = (name: string, value: string) => `<member><name>${name}</name><value>${value}</value></member>`;
const proc = (name: string, group: string, state: number, start: number, exit: number) =>
  `<value><struct>${member("name", `<string>${name}</string>`)}${member("group", `<string>${group}</string>`)}${member("start", `<int>${start}</int>`)}${member("stop", "<int>0</int>")}${member("now", "<int>1700000100</int>")}${member("state", `<int>${state}</int>`)}${member("statename", "<string>X</string>")}${member("exitstatus", `<int>${exit}</int>`)}${member("pid", "<int>77</int>")}${member("description", "<string>pid 77, uptime 0:01:40</string>")}</struct></value>`;

const ALL_PROCESS_INFO = `<?xml version='1.0'?>
<methodResponse><params><param><value><array><data>
${proc("web", "web", 20, 1700000000, 0)}
${proc("worker_00", "workers", 100, 1690000000, 1)}
${proc("worker_01", "workers", 10, 1700000050, 0)}
</data></array></value></param></params></methodResponse>
`;

const EXPECTED = `# HELP node_supervisord_exit_status Process Exit Status
# TYPE node_supervisord_exit_status gauge
node_supervisord_exit_status{group="web",name="web"} 0
node_supervisord_exit_status{group="workers",name="worker_00"} 1
node_supervisord_exit_status{group="workers",name="worker_01"} 0
# HELP node_supervisord_start_time_seconds Process start time
# TYPE node_supervisord_start_time_seconds counter
node_supervisord_start_time_seconds{group="web",name="web"} 1.7e+09
node_supervisord_start_time_seconds{group="workers",name="worker_01"} 1.70000005e+09
# HELP node_supervisord_state Process State
# TYPE node_supervisord_state gauge
node_supervisord_state{group="web",name="web"} 20
node_supervisord_state{group="workers",name="worker_00"} 100
node_supervisord_state{group="workers",name="worker_01"} 10
# HELP node_supervisord_up Process Up
# TYPE node_supervisord_up gauge
node_supervisord_up{group="web",name="web"} 1
node_supervisord_up{group="workers",name="worker_00"} 0
node_supervisord_up{group="workers",name="worker_01"} 1
`;

const requests: string[] = [];
async function handler(req: Request): Promise<Response> {
  const body = await req.text();
  requests.push(`${req.method} ${new URL(req.url).pathname} ${req.headers.get("content-type")} ${body.includes("<methodName>supervisor.getAllProcessInfo</methodName>")}`);
  if (new URL(req.url).pathname === "/broken") return new Response("oops", { status: 500 });
  if (new URL(req.url).pathname === "/fault") {
    return new Response(
      `<methodResponse><fault><value><struct>${member("faultCode", "<int>1</int>")}${member("faultString", "<string>UNKNOWN_METHOD</string>")}</struct></value></fault></methodResponse>`,
    );
  }
  return new Response(ALL_PROCESS_INFO, { headers: { "Content-Type": "text/xml" } });
}

let tcp: Server<undefined>;
let unix: Server<undefined>;
let dir: string;

beforeAll(() => {
  tcp = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: handler });
  dir = mkdtempSync(join(tmpdir(), "mon-supervisord-"));
  unix = Bun.serve({ unix: join(dir, "supervisor.sock"), fetch: handler });
});
afterAll(() => {
  tcp.stop(true);
  unix.stop(true);
  rmSync(dir, { recursive: true, force: true });
});

async function scrape(url: string): Promise<string> {
  const out = new FamilyBuilder();
  await createSupervisordCollector(url, silentLogger).update(out);
  return writeText(normalizeFamilies(out.build()));
}

describe("supervisord collector", () => {
  test("over HTTP", async () => {
    requests.length = 0;
    expect(await scrape(`http://127.0.0.1:${tcp.port}/RPC2`)).toBe(EXPECTED);
    expect(requests).toEqual(["POST /RPC2 text/xml true"]);
  });

  test("over a unix socket", async () => {
    requests.length = 0;
    expect(await scrape(`unix://${join(dir, "supervisor.sock")}`)).toBe(EXPECTED);
    expect(requests).toEqual(["POST /RPC2 text/xml true"]);
  });

  const failures: [string, string][] = [
    ["/broken", "unable to call supervisord: HTTP 500"],
    ["/fault", "unable to call supervisord: XML-RPC fault 1: UNKNOWN_METHOD"],
  ];
  test.each(failures)("%s fails the scrape", async (path, message) => {
    await expect(scrape(`http://127.0.0.1:${tcp.port}${path}`)).rejects.toThrow(message);
  });

  test("nothing listening fails the scrape", async () => {
    await expect(scrape(`unix://${join(dir, "absent.sock")}`)).rejects.toThrow("unable to call supervisord:");
  });
});

describe("processInfos", () => {
  test("a key a process lacks keeps the previous process's value, as upstream", () => {
    expect(processInfos([{ name: "a", group: "g", state: 20, start: 5 }, { name: "b" }])).toEqual([
      { name: "a", group: "g", start: 5, state: 20, statename: "", exitstatus: 0, pid: 0 },
      { name: "b", group: "g", start: 5, state: 20, statename: "", exitstatus: 0, pid: 0 },
    ]);
  });

  test("rejects a result that is not an array of structs", () => {
    expect(() => processInfos("x")).toThrow("not an array");
    expect(() => processInfos([1])).toThrow("not a struct");
  });

  const endpoints: [string, { url: string; unix?: string }][] = [
    ["http://localhost:9001/RPC2", { url: "http://localhost:9001/RPC2" }],
    ["unix:///var/run/supervisor.sock", { url: "http://unix/RPC2", unix: "/var/run/supervisor.sock" }],
  ];
  test.each(endpoints)("endpoint %p", (url, want) => {
    expect(supervisordEndpoint(url)).toEqual(want);
  });
});
