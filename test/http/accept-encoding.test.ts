import { describe, expect, test } from "bun:test";
import { acceptsGzip } from "../../src/http/accept-encoding.ts";

describe("acceptsGzip", () => {
  const rows: [string | undefined, boolean][] = [
    [undefined, false],
    ["", false],
    ["gzip", true],
    ["GZIP", true],
    ["deflate, gzip", true],
    ["gzip;q=0.5", true],
    ["gzip;q=0", false],
    ["gzip; q=0, br", false],
    ["identity", false],
    ["x-gzip", false],
  ];
  test.each(rows)("%p -> %p", (header, want) => expect(acceptsGzip(header)).toBe(want));
});
