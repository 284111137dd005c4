// npm run bench [-- exporter|gateway|cluster] [--scrapes=N] [--rounds=N] [--pace=S] [--mon-args="..."] [--variants[=a,b]]
//   npm run bench -- exporter --long[=10000] [--gap=60]   (a long run, ~12 minutes)
// Side-by-side benchmarks against the reference programs. Not tests.

import { benchExporter, benchExporterLongRun, benchExporterVariants } from "./exporter.ts";
import { benchCluster } from "./cluster.ts";
import { benchGateway } from "./gateway.ts";
import { benchGatewayStall } from "./gateway-stall.ts";

const args = process.argv.slice(2);
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const has = (name: string) => args.some((a) => a === `--${name}` || a.startsWith(`--${name}=`));
const which = args.filter((a) => !a.startsWith("--"));
const all = which.length === 0;

if (all || which.includes("exporter")) {
  const scrapes = Number(flag("scrapes") ?? 200);
  const monArgs = (flag("mon-args") ?? "").split(" ").filter((a) => a !== "");
  if (has("long")) {
    await benchExporterLongRun({ scrapes: Number(flag("long") ?? 10_000), gapMs: Number(flag("gap") ?? 60), monArgs });
  } else if (has("variants")) {
    const names = (flag("variants") ?? "").split(",").filter((n) => n !== "");
    await benchExporterVariants({ scrapes, monArgs, names });
  } else {
    await benchExporter({ scrapes, rounds: Number(flag("rounds") ?? 3), paceSeconds: Number(flag("pace") ?? 5), monArgs });
  }
}

if (all || which.includes("gateway")) {
  await benchGateway({ seconds: Number(flag("seconds") ?? 5) });
  await benchGatewayStall({ seconds: Number(flag("seconds") ?? 5) });
}

if (all || which.includes("cluster")) {
  await benchCluster({ seconds: Number(flag("seconds") ?? 5) });
}
