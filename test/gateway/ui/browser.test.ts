// The gateway's web page in a real headless Chromium, against a running
// gateway (launchGateway, in-process) holding a failed job, a refused push, a
// stale group and healthy ones: the order and markers of the rows, the counts,
// escaping (nothing pushed becomes markup or runs), reading and filtering
// without JavaScript, the live filter, opening a group, and deleting one
// through the confirmation. MON_UI_SCREENSHOT=<file.png> keeps a screenshot.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { parseFlags } from "../../../src/flags/flag-table.ts";
import { GATEWAY_FLAGS } from "../../../src/gateway/flags.ts";
import { type RunningGateway, configFromFlags, launchGateway } from "../../../src/gateway/start.ts";
import { silentLogger } from "../../../src/telemetry/logger.ts";
import { type Browser, type Page, chromiumMissing, launchChromium } from "../../support/chromium.ts";
import { skipWhenMissing } from "../../support/requirements.ts";

const skip = skipWhenMissing("gateway web page in Chromium", chromiumMissing());

const HOUR = 3_600_000;
// A loaded 2-core CI machine can make one page load take seconds.
const BROWSER_TIMEOUT_MS = 30_000;
const EVIL_JOB = `<img src=x onerror="document.title='pwned'">`;
const EVIL_HELP = "<script>document.title='pwned'</script>";

/** The page's rows as the browser shows them. */
interface Row {
  key: string;
  markers: string[];
  hidden: boolean;
}
const ROWS = `[...document.querySelectorAll("details.group")].map((d) => ({
  key: d.querySelector(".key").textContent.trim(),
  markers: [...d.querySelectorAll(".marker")].map((m) => m.textContent),
  hidden: d.offsetParent === null,
}))`;
const visibleKeys = (rows: Row[]) => rows.filter((r) => !r.hidden).map((r) => r.key);

describe.skipIf(skip)("web page in Chromium", () => {
  let gw: RunningGateway;
  let base: string;
  let browser: Browser;
  let clockOffsetMs = 0;

  async function push(path: string, body: string, method = "PUT"): Promise<number> {
    const res = await fetch(`${base}${path}`, { method, body });
    await res.arrayBuffer();
    return res.status;
  }

  beforeAll(async () => {
    const config = configFromFlags(parseFlags(GATEWAY_FLAGS, ["--web.listen-address=127.0.0.1:0"]).flags);
    gw = await launchGateway(config, silentLogger, { now: () => Date.now() + clockOffsetMs });
    base = `http://${gw.addresses[0]}`;
    browser = await launchChromium();
    // Stale: expected every hour, last pushed three hours ago.
    clockOffsetMs = -3 * HOUR;
    expect(await push("/metrics/job/backup/instance/db1", "batch_job_success 1\nbatch_job_expected_interval_seconds 3600\n")).toBe(200);
    clockOffsetMs = -10 * 60_000;
    // Failed job, with its exit code.
    expect(await push("/metrics/job/etl/instance/w1", "batch_job_success 0\nbatch_job_exit_code 3\nbatch_job_expected_interval_seconds 86400\n")).toBe(200);
    // A refused push: the type conflicts with what another group holds.
    expect(await push("/metrics/job/report", "# TYPE report_rows gauge\nreport_rows 5\n")).toBe(200);
    expect(await push("/metrics/job/report/instance/late", "# TYPE report_rows gauge\nreport_rows 1\n")).toBe(200);
    clockOffsetMs = 0;
    expect(await push("/metrics/job/report", "# TYPE report_rows counter\nreport_rows 6\n")).toBe(400);
    // Healthy, with everything an attacker controls in it.
    expect(
      await push(
        `/metrics/job/${encodeURIComponent(EVIL_JOB)}/note@base64/${Buffer.from('"quoted" & <b>').toString("base64url")}`,
        `# HELP cleanup_success ${EVIL_HELP}\n# TYPE cleanup_success gauge\ncleanup_success 1\n`,
      ),
    ).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await gw?.shutdown();
  });

  test("failed jobs, refused pushes and stale groups come first, marked, with counts at the top", async () => {
    const page = await browser.open(`${base}/`, { width: 1400, height: 700 });
    const dialogs = page.acceptDialogs();
    const rows = await page.evaluate<Row[]>(ROWS);
    expect(rows.map((r) => r.key)).toEqual([
      'job="etl" instance="w1"',
      'job="report"',
      'job="backup" instance="db1"',
      `job="${EVIL_JOB}" note=""quoted" & <b>"`,
      'job="report" instance="late"',
    ]);
    expect(rows.map((r) => r.markers)).toEqual([["job failed"], ["push failed"], ["stale"], ["ok"], ["ok"]]);
    const counts = await page.evaluate<string>(`document.querySelector(".counts").textContent.replace(/\\s+/g, " ").trim()`);
    expect(counts).toBe("1 failed job 1 failed push 1 stale group 5 groups");
    const failedRow = await page.evaluate<string>(`document.querySelector("details.group").querySelector("summary").textContent`);
    expect(failedRow).toContain("failed (exit 3)");
    expect(failedRow).toContain("10 min ago");
    const refused = await page.evaluate<string>(`document.querySelectorAll("details.group")[1].querySelector(".failure").textContent`);
    expect(refused).toContain("gathered metric family report_rows has type COUNTER but should have GAUGE");
    const stale = await page.evaluate<string>(`document.querySelectorAll("details.group")[2].querySelector("summary").textContent`);
    expect(stale).toContain("3 h ago");
    expect(stale).toContain("expected every 1 h");
    expect(await page.evaluate<string>("document.title")).toBe("(3) Pushgateway");

    // Escaping: what was pushed shows as text and never becomes markup.
    expect(await page.evaluate<number>(`document.querySelectorAll("img, b, details.group script").length`)).toBe(0);
    expect(dialogs).toEqual([]);

    const shot = process.env.MON_UI_SCREENSHOT;
    if (shot) await Bun.write(shot, await page.screenshot(true));
  }, BROWSER_TIMEOUT_MS);

  test("a row opens onto its metrics; the filter narrows the rows as one types", async () => {
    const page = await browser.open(`${base}/`);
    await page.click('details.group:nth-of-type(4) summary .key');
    const opened = await page.evaluate<{ open: boolean; text: string }>(
      `(() => { const d = document.querySelectorAll("details.group")[3]; return { open: d.open, text: d.querySelector(".metrics").innerText }; })()`,
    );
    expect(opened.open).toBe(true);
    expect(opened.text).toContain("cleanup_success");
    expect(opened.text).toContain(EVIL_HELP);

    await page.evaluate(`document.getElementById("filter").focus()`);
    await page.send("Input.insertText", { text: "ETL" });
    expect(visibleKeys(await page.evaluate<Row[]>(ROWS))).toEqual(['job="etl" instance="w1"']);
    expect(await page.evaluate<string>(`document.getElementById("shown").textContent`)).toBe("1 of 5 shown");
    expect(await page.evaluate<string>("location.search")).toBe("?q=ETL");
  }, BROWSER_TIMEOUT_MS);

  test("without JavaScript the page reads, and the filter form works", async () => {
    const page = await browser.open("about:blank");
    await page.send("Emulation.setScriptExecutionDisabled", { value: true });
    await page.goto(`${base}/?q=stale`);
    const rows = await page.evaluate<Row[]>(ROWS);
    expect(rows.length).toBe(5);
    expect(visibleKeys(rows)).toEqual(['job="backup" instance="db1"']);
    expect(await page.evaluate<boolean>(`document.querySelector("button.delete").disabled`)).toBe(true);
  }, BROWSER_TIMEOUT_MS);

  test("delete is one click and a confirmation", async () => {
    const page = await browser.open(`${base}/`);
    const dialogs = page.acceptDialogs();
    const reloaded = page.next("Page.loadEventFired");
    await page.click('details.group:nth-of-type(3) button.delete');
    await reloaded;
    expect(dialogs).toEqual(['Delete the group job="backup" instance="db1"?']);
    expect(gw.store.group({ job: "backup", instance: "db1" })).toBeUndefined();
    const rows = await page.evaluate<Row[]>(ROWS);
    expect(rows.map((r) => r.key)).not.toContain('job="backup" instance="db1"');
    expect(await page.evaluate<string>(`document.querySelector(".counts").textContent`)).toContain("0 stale groups");
  }, BROWSER_TIMEOUT_MS);
});
