// What a test needs from the machine (a reference program, a server, a
// fixture, a browser) and what happens when it is absent. On a developer's
// machine the test is skipped with one clear line; under MON_STRICT_TESTS=1,
// which .ci/run sets, the absence fails the run, so CI can never go green by
// skipping the comparisons it exists to make.
//
// - programMissing(path, hint) / commandMissing(name, hint): the reason a
//   program is unusable, or undefined; hint says how to install it.
// - skipWhenMissing(what, reason): true when the suite must skip (prints
//   "SKIPPED <what>: <reason>"); throws under MON_STRICT_TESTS=1.
// - skipWithoutHardware(what, reason): for what no package can install (a
//   btrfs mount, a wifi device): skips everywhere, CI included, and says so.

import { existsSync } from "node:fs";

export const STRICT_TESTS = process.env.MON_STRICT_TESTS === "1";

/** The reason a program is unusable, or undefined when it is at `path`. */
export function programMissing(path: string, installHint: string): string | undefined {
  return existsSync(path) ? undefined : `${path} not installed (${installHint})`;
}

/** The reason a command is unusable, or undefined when `name` is on PATH. */
export function commandMissing(name: string, installHint: string): string | undefined {
  return Bun.which(name) !== null ? undefined : `${name} not found on PATH (${installHint})`;
}

/**
 * Reports a missing requirement for the suite `what`. Returns true when the
 * suite must skip. Throws under MON_STRICT_TESTS=1: a missing requirement is a
 * failure there, not a skip.
 */
export function skipWhenMissing(what: string, reason: string | undefined): boolean {
  if (reason === undefined) return false;
  if (STRICT_TESTS) throw new Error(`${what}: required under MON_STRICT_TESTS=1 but ${reason}`);
  console.warn(`SKIPPED ${what}: ${reason}`);
  return true;
}

/**
 * For tests bound to hardware or kernel features no package installs (a
 * mounted btrfs, an nl80211 wifi device): returns true when the suite must
 * skip, and says so, also under MON_STRICT_TESTS=1.
 */
export function skipWithoutHardware(what: string, reason: string | undefined): boolean {
  if (reason === undefined) return false;
  console.warn(`SKIPPED ${what} (needs hardware this host lacks, not a CI failure): ${reason}`);
  return true;
}
