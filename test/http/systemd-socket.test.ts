import { describe, expect, test } from "bun:test";
import { activationFds } from "../../src/http/systemd-socket.ts";

describe("activationFds", () => {
  const rows: [string, { LISTEN_PID?: string; LISTEN_FDS?: string }, number[]][] = [
    ["one socket for this process", { LISTEN_PID: "42", LISTEN_FDS: "1" }, [3]],
    ["three sockets", { LISTEN_PID: "42", LISTEN_FDS: "3" }, [3, 4, 5]],
    ["meant for another process", { LISTEN_PID: "41", LISTEN_FDS: "1" }, []],
    ["no LISTEN_PID", { LISTEN_FDS: "1" }, []],
    ["no LISTEN_FDS", { LISTEN_PID: "42" }, []],
    ["zero sockets", { LISTEN_PID: "42", LISTEN_FDS: "0" }, []],
    ["a non-number count", { LISTEN_PID: "42", LISTEN_FDS: "two" }, []],
    ["a negative count", { LISTEN_PID: "42", LISTEN_FDS: "-1" }, []],
  ];
  test.each(rows)("%s", (_name, env, want) => {
    expect(activationFds(env, 42)).toEqual(want);
  });
});
