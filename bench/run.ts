// npm run bench [-- exporter|gateway] [--scrapes=N] [--mon-args="..."]
// Side-by-side benchmarks against the reference programs. Not tests.

import { benchExporter } from "./exporter.ts";
import { benchGateway } from "./gateway.ts";

const args = process.argv.slice(2);
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const which = args.filter((a) => !a.startsWith("--"));
const all = which.length === 0;

if (all || which.includes("exporter")) {
  await benchExporter({
    scrapes: Number(flag("scrapes") ?? 200),
    monArgs: (flag("mon-args") ?? "").split(" ").filter((a) => a !== ""),
  });
}

if (all || which.includes("gateway")) {
  await benchGateway({ seconds: Number(flag("seconds") ?? 5) });
}
