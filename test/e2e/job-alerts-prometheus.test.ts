// End to end with a real Prometheus: it scrapes dist/mon gateway, loads the
// shipped alert rules (packaging/prometheus/alerts.yml, unmodified:
// BatchJobFailed has no `for`), and fires BatchJobFailed after a failing
// `mon run`. Scrape and rule evaluation every second; the wait is bounded.

import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monJob } from "../support/job-client.ts";
import { programMissing, skipWhenMissing } from "../support/requirements.ts";
import { LOOPBACK_ANY, type SpawnedServer, spawnServer } from "../support/server-port.ts";
import { MON_BINARY, binaryPresent, spawnMon } from "../support/spawn-mon.ts";

const PROMETHEUS = process.env.PROMETHEUS ?? "/usr/bin/prometheus";
const ALERTS_FILE = join(import.meta.dir, "../../packaging/prometheus/alerts.yml");

const skip = skipWhenMissing(
  "shipped alert rules in a real Prometheus",
  programMissing(PROMETHEUS, "apt-get install prometheus") ??
    (binaryPresent() ? undefined : `${MON_BINARY} is missing (npx bun compile.ts)`),
);

interface ApiAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: string;
}

describe.skipIf(skip)("Prometheus with the shipped alert rules", () => {
  const dir = mkdtempSync(join(tmpdir(), "mon-prometheus-e2e-"));
  const servers: SpawnedServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("a failing mon run fires BatchJobFailed naming the job and the instance", async () => {
    const gw = await spawnMon(["gateway"], { readyPath: "/-/ready" });
    servers.push(gw);
    const run = await monJob(["run", `--gateway=${gw.base}`, "--job=nightly-backup", "--instance=db1", "--", "sh", "-c", "exit 3"]);
    expect(run.code).toBe(3);

    const config = join(dir, "prometheus.yml");
    writeFileSync(
      config,
      [
        "global:",
        "  scrape_interval: 1s",
        "  evaluation_interval: 1s",
        "rule_files:",
        `  - ${ALERTS_FILE}`,
        "scrape_configs:",
        "  - job_name: pushgateway",
        "    honor_labels: true",
        "    static_configs:",
        `      - targets: ['127.0.0.1:${gw.port}']`,
        "",
      ].join("\n"),
    );
    const prometheus = await spawnServer(
      [PROMETHEUS, `--config.file=${config}`, `--storage.tsdb.path=${join(dir, "data")}`, `--web.listen-address=${LOOPBACK_ANY}`, "--log.level=warn"],
      { what: "prometheus", readyPath: "/-/ready" },
    );
    servers.push(prometheus);

    let firing: ApiAlert | undefined;
    let seen: ApiAlert[] = [];
    const deadline = Date.now() + 40_000;
    while (!firing && Date.now() < deadline) {
      const body = (await (await fetch(`${prometheus.base}/api/v1/alerts`)).json()) as { data: { alerts: ApiAlert[] } };
      seen = body.data.alerts;
      firing = seen.find((a) => a.labels.alertname === "BatchJobFailed" && a.state === "firing");
      if (!firing) await Bun.sleep(250);
    }
    expect(firing ? "firing" : `not firing within 40 s; alerts seen: ${JSON.stringify(seen)}; prometheus log: ${await prometheus.log()}`).toBe("firing");
    expect(firing?.labels).toMatchObject({ alertname: "BatchJobFailed", job: "nightly-backup", instance: "db1", severity: "warning" });
    expect(firing?.annotations.summary).toBe("Job nightly-backup on db1 failed");
    // Only the failed job alerts: the gateway is up and its pushes were accepted.
    expect(seen.filter((a) => a.state === "firing").map((a) => a.labels.alertname)).toEqual(["BatchJobFailed"]);
  }, 60_000);
});
