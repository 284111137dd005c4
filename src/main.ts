#!/usr/bin/env bun
// The command tree. citty dispatches to a mode; each mode parses its own flag
// table once (src/flags/flag-table.ts), because kingpin-style flags (dotted
// names, --no-x, repeats) are the compatibility surface and citty's parser
// does not treat them the same way.

import { defineCommand, runMain } from "citty";
import pkg from "../package.json" with { type: "json" };
import { startExporter } from "./exporter/start.ts";
import { startGateway } from "./gateway/start.ts";
import { versionText } from "./version.ts";

const exporter = defineCommand({
  meta: { name: "exporter", description: "Expose host metrics, as node_exporter 1.8.2 does (default port 9100)." },
  run: ({ rawArgs }) => startExporter(rawArgs),
});

const gateway = defineCommand({
  meta: { name: "gateway", description: "Accept pushed metrics, as Pushgateway 1.10.0 does (default port 9091)." },
  run: ({ rawArgs }) => startGateway(rawArgs),
});

const main = defineCommand({
  meta: { name: "mon", version: pkg.version, description: pkg.description },
  subCommands: { exporter, gateway },
});

const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === "--version") {
  console.log(versionText("mon"));
} else if (argv[0] === "exporter" || argv[0] === "gateway") {
  // Each mode renders its own --help from its flag table, so citty's
  // built-in --help interception must not see the mode's arguments.
  await (argv[0] === "exporter" ? startExporter(argv.slice(1)) : startGateway(argv.slice(1)));
} else {
  await runMain(main, { rawArgs: argv });
}
