import { describe, expect, test } from "bun:test";
import { knownOrOther, sessionSamples } from "../../../src/exporter/collectors/logind.ts";

describe("logind session samples", () => {
  test("every combination per seat, including the empty seat", () => {
    const samples = sessionSamples(["seat0", "seat1"], [{ seat: "seat1", remote: "false", type: "wayland", class: "greeter" }]);
    expect(samples.length).toBe(2 * 7 * 5 * 3);
    expect(samples[0]).toEqual([{ seat: "seat0", remote: "true", type: "other", class: "other" }, 0]);
    expect(samples.filter(([, n]) => n > 0)).toEqual([[{ seat: "seat1", remote: "false", type: "wayland", class: "greeter" }, 1]]);
  });

  test("sessions on an unlisted seat are not counted", () => {
    const samples = sessionSamples([], [{ seat: "seatX", remote: "true", type: "tty", class: "user" }]);
    expect(samples.length).toBe(70);
    expect(samples.every(([, n]) => n === 0)).toBe(true);
  });

  const rows: [string, string][] = [
    ["tty", "tty"],
    ["wayland", "wayland"],
    ["vnc", "other"],
    ["", "other"],
  ];
  test.each(rows)("type %p -> %p", (value, want) => {
    expect(knownOrOther(value, ["other", "unspecified", "tty", "x11", "wayland", "mir", "web"])).toBe(want);
  });
});
