// Preloaded by `bun test` (bunfig.toml): a test that makes no assertion
// fails, so that no test can pass by not checking anything. A test whose
// point is that something does not throw says so with expect(...).not.toThrow().

import { beforeEach, expect } from "bun:test";

beforeEach(() => {
  expect.hasAssertions();
});
