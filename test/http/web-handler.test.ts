import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "bun";
import { BasicAuthChecker } from "../../src/http/basic-auth.ts";
import { type FetchHandler, WebConfigSource, withWebConfig } from "../../src/http/web-handler.ts";
import { loadWebConfig } from "../../src/http/web-config.ts";
import { createLogger } from "../../src/telemetry/logger.ts";

const dir = mkdtempSync(join(tmpdir(), "mon-web-handler-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString("base64")}`;
const server = {} as Server<undefined>;
const inner: FetchHandler = (req) =>
  new Response(`inner ${new URL(req.url).pathname}`, {
    headers: new URL(req.url).pathname === "/own" ? { "X-Frame-Options": "sameorigin" } : {},
  });

let aliceHash = "";
let bobHash = "";
beforeAll(async () => {
  aliceHash = await Bun.password.hash("pw-a", { algorithm: "bcrypt", cost: 4 });
  bobHash = await Bun.password.hash("pw-b", { algorithm: "bcrypt", cost: 4 });
});

function setup(name: string, yaml: string) {
  const file = join(dir, name);
  writeFileSync(file, yaml);
  const lines: string[] = [];
  const logger = createLogger({ level: "debug", format: "logfmt", write: (l) => lines.push(l) });
  const source = new WebConfigSource(file, loadWebConfig(file), logger);
  const handler = withWebConfig(inner, source, new BasicAuthChecker());
  const get = async (path: string, auth?: string) => {
    const res = await handler(new Request(`http://x${path}`, { headers: auth ? { Authorization: auth } : {} }), server);
    return { status: res.status, body: await res.text(), headers: res.headers };
  };
  return { file, lines, get };
}

describe("withWebConfig", () => {
  test("every route asks for credentials and answers 401 with the challenge", async () => {
    const s = setup("auth.yml", `basic_auth_users:\n  alice: ${aliceHash}\n`);
    const rows: [string, string | undefined, number][] = [
      ["/metrics", undefined, 401],
      ["/", undefined, 401],
      ["/-/healthy", basic("alice:wrong"), 401],
      ["/anything", basic("alice:pw-a"), 200],
    ];
    const got = [];
    for (const [path, auth] of rows) {
      const r = await s.get(path, auth);
      got.push([path, auth, r.status]);
      if (r.status === 401) expect(r.headers.get("WWW-Authenticate")).toBe("Basic");
    }
    expect(got).toEqual(rows);
  });

  test("without users every request passes and gets the configured headers", async () => {
    const s = setup("headers.yml", "http_server_config:\n  headers:\n    X-Frame-Options: deny\n    X-Content-Type-Options: nosniff\n");
    const r = await s.get("/metrics");
    expect([r.status, r.body, r.headers.get("X-Frame-Options"), r.headers.get("X-Content-Type-Options")]).toEqual([
      200,
      "inner /metrics",
      "deny",
      "nosniff",
    ]);
  });

  test("a header the handler sets itself wins, as in Go", async () => {
    const s = setup("own.yml", "http_server_config:\n  headers:\n    X-Frame-Options: deny\n");
    expect((await s.get("/own")).headers.get("X-Frame-Options")).toBe("sameorigin");
  });

  test("a 401 carries the configured headers too", async () => {
    const s = setup("both.yml", `http_server_config:\n  headers:\n    X-Frame-Options: deny\nbasic_auth_users:\n  alice: ${aliceHash}\n`);
    const r = await s.get("/");
    expect([r.status, r.headers.get("X-Frame-Options")]).toEqual([401, "deny"]);
  });

  test("an edited file applies at the next request", async () => {
    const s = setup("edit.yml", `basic_auth_users:\n  alice: ${aliceHash}\n`);
    expect((await s.get("/", basic("bob:pw-b"))).status).toBe(401);
    writeFileSync(s.file, `basic_auth_users:\n  alice: ${aliceHash}\n  bob: ${bobHash}\n`);
    expect((await s.get("/", basic("bob:pw-b"))).status).toBe(200);
    expect(s.lines.some((l) => l.includes("web config file reloaded"))).toBe(true);
  });

  test("a file broken after start answers 500 until it is fixed", async () => {
    const s = setup("broken.yml", `basic_auth_users:\n  alice: ${aliceHash}\n`);
    writeFileSync(s.file, "basic_auth_users: [\n");
    const broken = await s.get("/", basic("alice:pw-a"));
    writeFileSync(s.file, `basic_auth_users:\n  alice: ${aliceHash}\n# fixed\n`);
    const fixed = await s.get("/", basic("alice:pw-a"));
    expect([broken.status, fixed.status]).toEqual([500, 200]);
    expect(s.lines.some((l) => l.includes("Unable to parse configuration"))).toBe(true);
  });

  test("a deleted file answers 500", async () => {
    const s = setup("deleted.yml", "");
    rmSync(s.file);
    expect((await s.get("/")).status).toBe(500);
  });

  test("a changed TLS section is logged as needing a restart", async () => {
    const s = setup("tls.yml", "");
    writeFileSync(s.file, "tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n");
    expect((await s.get("/")).status).toBe(200);
    expect(s.lines.some((l) => l.includes("tls_server_config changed; restart to apply it"))).toBe(true);
  });
});
