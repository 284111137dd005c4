import { beforeAll, describe, expect, test } from "bun:test";
import { BasicAuthChecker, type HashVerifier, parseBasicAuth, unauthorizedResponse } from "../../src/http/basic-auth.ts";

const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString("base64")}`;

describe("parseBasicAuth", () => {
  const rows: [string, string | null, { user: string; password: string } | undefined][] = [
    ["user and password", basic("alice:s3cret"), { user: "alice", password: "s3cret" }],
    ["a colon in the password", basic("alice:a:b"), { user: "alice", password: "a:b" }],
    ["an empty password", basic("alice:"), { user: "alice", password: "" }],
    ["the scheme in any case", `bAsIc ${Buffer.from("a:b").toString("base64")}`, { user: "a", password: "b" }],
    ["no header", null, undefined],
    ["another scheme", "Bearer abc", undefined],
    ["no colon", basic("alice"), undefined],
    ["base64 without padding", "Basic YTpi", { user: "a", password: "b" }],
    ["base64 with missing padding", "Basic YTpiYw", undefined],
    ["not base64", "Basic !!!!", undefined],
    ["two spaces", `Basic  ${Buffer.from("a:b").toString("base64")}`, undefined],
  ];
  test.each(rows)("%s", (_name, header, want) => {
    const got = parseBasicAuth(header);
    expect(got && { user: got.user, password: new TextDecoder().decode(got.password) }).toEqual(want);
  });
});

describe("BasicAuthChecker with real bcrypt", () => {
  let users: Map<string, string>;
  beforeAll(async () => {
    // Cost 4 keeps the test fast; the code path is the same as for cost 10.
    users = new Map([
      ["alice", await Bun.password.hash("s3cret", { algorithm: "bcrypt", cost: 4 })],
      // htpasswd writes $2y$; Go and Bun read it as $2b$.
      ["bob", (await Bun.password.hash("hunter2", { algorithm: "bcrypt", cost: 4 })).replace(/^\$2b\$/, "$2y$")],
      ["long", await Bun.password.hash("p".repeat(72), { algorithm: "bcrypt", cost: 4 })],
    ]);
  });

  const rows: [string, string | null, boolean][] = [
    ["good credentials", basic("alice:s3cret"), true],
    ["a $2y$ hash", basic("bob:hunter2"), true],
    ["a wrong password", basic("alice:wrong"), false],
    ["an unknown user", basic("mallory:s3cret"), false],
    ["another user's password", basic("alice:hunter2"), false],
    ["missing credentials", null, false],
    ["an empty password", basic("alice:"), false],
    ["a password past 72 bytes counts its first 72 only, as in Go", basic(`long:${"p".repeat(80)}`), true],
  ];
  test.each(rows)("%s", async (_name, header, want) => {
    const checker = new BasicAuthChecker();
    expect(await checker.allowed(header, users)).toBe(want);
  });
});

describe("BasicAuthChecker cache", () => {
  function counting(): { verify: HashVerifier; calls: () => number } {
    let n = 0;
    return {
      verify: async (password, hash) => {
        n++;
        return hash === "HASH" && new TextDecoder().decode(password) === "pw";
      },
      calls: () => n,
    };
  }
  const users = new Map([["u", "HASH"]]);

  test("a repeated good login costs one bcrypt", async () => {
    const v = counting();
    const checker = new BasicAuthChecker({ verify: v.verify });
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await checker.allowed(basic("u:pw"), users));
    expect([results, v.calls()]).toEqual([[true, true, true, true, true], 1]);
  });

  test("a repeated bad login is cached too", async () => {
    const v = counting();
    const checker = new BasicAuthChecker({ verify: v.verify });
    await checker.allowed(basic("u:bad"), users);
    await checker.allowed(basic("u:bad"), users);
    expect(v.calls()).toBe(1);
  });

  test("a changed hash for the same user is checked again", async () => {
    const v = counting();
    const checker = new BasicAuthChecker({ verify: v.verify });
    await checker.allowed(basic("u:pw"), users);
    const after = await checker.allowed(basic("u:pw"), new Map([["u", "OTHER"]]));
    expect([after, v.calls()]).toEqual([false, 2]);
  });

  test("an unknown user is checked against a decoy hash and refused even if it matched", async () => {
    let seen = "";
    const checker = new BasicAuthChecker({
      verify: async (_pw, hash) => {
        seen = hash;
        return true;
      },
    });
    expect(await checker.allowed(basic("nobody:pw"), users)).toBe(false);
    expect(seen).toStartWith("$2b$10$");
  });

  test("a verifier that throws counts as a failed login", async () => {
    const checker = new BasicAuthChecker({ verify: () => Promise.reject(new Error("bad hash")) });
    expect(await checker.allowed(basic("u:pw"), users)).toBe(false);
  });

  test("a full cache drops a tenth and stays bounded", async () => {
    const checker = new BasicAuthChecker({ verify: async () => false, cacheSize: 20, random: () => 0 });
    for (let i = 0; i < 25; i++) await checker.allowed(basic(`u:${i}`), users);
    // 20 fill it; the 21st drops 2 (20/10) and adds 1 -> 19; 22nd -> 20; 23rd drops 2 -> 19 ...
    expect(checker.cachedEntries).toBeLessThanOrEqual(20);
    expect(checker.cachedEntries).toBeGreaterThanOrEqual(18);
  });

  test("bcrypt runs one at a time", async () => {
    let running = 0;
    let most = 0;
    const checker = new BasicAuthChecker({
      verify: async () => {
        running++;
        most = Math.max(most, running);
        await Promise.resolve();
        await Promise.resolve();
        running--;
        return true;
      },
    });
    await Promise.all(Array.from({ length: 5 }, (_, i) => checker.allowed(basic(`u:${i}`), users)));
    expect(most).toBe(1);
  });
});

describe("unauthorizedResponse", () => {
  test("is a 401 with the Basic challenge and the configured headers", async () => {
    const res = unauthorizedResponse({ "X-Frame-Options": "deny" });
    expect([res.status, res.headers.get("WWW-Authenticate"), res.headers.get("X-Frame-Options"), await res.text()]).toEqual([
      401,
      "Basic",
      "deny",
      "Unauthorized\n",
    ]);
  });
});
