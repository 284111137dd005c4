// The shipped alert rules (packaging/prometheus/alerts.yml): promtool accepts
// them, and promtool's unit tests (alerts.test.yml) make every alert fire.

import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { YAML } from "bun";
import { programMissing, skipWhenMissing } from "../support/requirements.ts";

const PROMTOOL = process.env.PROMTOOL ?? "/usr/bin/promtool";
const ALERTS_FILE = join(import.meta.dir, "../../packaging/prometheus/alerts.yml");
const UNIT_TESTS = join(import.meta.dir, "alerts.test.yml");

interface Rule {
  alert?: string;
  annotations?: Record<string, string>;
}

function alertRules(): Rule[] {
  const doc = YAML.parse(readFileSync(ALERTS_FILE, "utf8")) as { groups: { rules: Rule[] }[] };
  return doc.groups.flatMap((g) => g.rules).filter((r) => r.alert !== undefined);
}

describe("shipped alert rules", () => {
  test("every alert has a summary and a description naming the job and the instance", () => {
    const rules = alertRules();
    expect(rules.length).toBeGreaterThanOrEqual(9);
    for (const r of rules) {
      for (const field of ["summary", "description"]) {
        const text = r.annotations?.[field] ?? "";
        expect(`${r.alert} ${field}: ${text.includes("{{ $labels.job }}") && text.includes("{{ $labels.instance }}")}`).toBe(`${r.alert} ${field}: true`);
      }
    }
  });

  test("every alert has a promtool unit test in which it fires", () => {
    const doc = YAML.parse(readFileSync(UNIT_TESTS, "utf8")) as { tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[] };
    const firing = new Set(doc.tests.flatMap((t) => t.alert_rule_test ?? []).filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname));
    expect(alertRules().map((r) => r.alert).filter((name) => !firing.has(name as string))).toEqual([]);
  });

  const skip = skipWhenMissing("promtool checks of the alert rules", programMissing(PROMTOOL, "apt-get install prometheus"));

  test.skipIf(skip)("promtool check rules accepts the file", async () => {
    const proc = Bun.spawn([PROMTOOL, "check", "rules", ALERTS_FILE], { stdout: "pipe", stderr: "pipe" });
    const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    expect({ code, err }).toEqual({ code: 0, err: "" });
    expect(out).toContain(`SUCCESS: ${alertRules().length} rules found`);
  });

  test.skipIf(skip)("promtool test rules passes the unit tests of every alert", async () => {
    const proc = Bun.spawn([PROMTOOL, "test", "rules", UNIT_TESTS], { stdout: "pipe", stderr: "pipe", cwd: import.meta.dir });
    const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    expect(`${out}${err}`).toContain("SUCCESS");
    expect(code).toBe(0);
  });
});
