import { describe, expect, test } from "bun:test";
import { release } from "node:os";
import { UTSNAME_FIELD_LENGTH, UTSNAME_SIZE, decodeUtsname, uname } from "../../../src/exporter/kernel/uname.ts";

function buildUtsname(fields: string[]): Uint8Array {
  const buf = new Uint8Array(UTSNAME_SIZE);
  fields.forEach((f, i) => buf.set(new TextEncoder().encode(f), i * UTSNAME_FIELD_LENGTH));
  return buf;
}

describe("decodeUtsname", () => {
  test("six NUL-terminated fields", () => {
    expect(decodeUtsname(buildUtsname(["Linux", "host", "6.1.0", "#1 SMP", "x86_64", "(none)"]))).toEqual({
      sysname: "Linux",
      nodename: "host",
      release: "6.1.0",
      version: "#1 SMP",
      machine: "x86_64",
      domainname: "(none)",
    });
  });
  test("a field filling all 65 bytes has no NUL", () => {
    expect(decodeUtsname(buildUtsname(["L", "n".repeat(65)])).nodename).toBe("n".repeat(65));
  });
  test("short buffer is an error", () => {
    expect(() => decodeUtsname(new Uint8Array(10))).toThrow("want 390 bytes, got 10");
  });
});

describe("uname on this host", () => {
  test("matches node:os", () => {
    const u = uname();
    expect(u.sysname).toBe("Linux");
    expect(u.release).toBe(release());
  });
});
