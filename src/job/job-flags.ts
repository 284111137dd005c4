// Flags mon run and mon push share: where the push goes (gateways, a
// textfile folder), the grouping key, retries and the HTTP client file.
// MON_GATEWAY and MON_TEXTFILE_DIR stand in for the flags, so crontab
// lines stay short.

import { hostname } from "node:os";
import { FlagError, type FlagValues, defineFlags } from "../flags/flag-table.ts";
import { type GroupingKey, groupingKeyFromFlags } from "./grouping-path.ts";
import { type HttpClientOptions, loadHttpClientConfig } from "./http-client-config.ts";

export const DESTINATION_FLAGS = defineFlags({
  gateway: {
    name: "gateway",
    kind: "strings",
    placeholder: "URL",
    help: "Gateway to push to, e.g. http://gw:9091. Repeatable: the same push goes to each. Default: $MON_GATEWAY (URLs separated by commas or spaces).",
  },
  textfileDir: {
    name: "textfile-dir",
    kind: "string",
    default: "",
    placeholder: "DIR",
    help: "Write DIR/<job>[_<instance>].prom atomically for mon exporter --collector.textfile.directory. Default: $MON_TEXTFILE_DIR.",
  },
  job: { name: "job", kind: "string", default: "", placeholder: "NAME", help: "The job label of the grouping key (required)." },
  instance: {
    name: "instance",
    kind: "string",
    default: "",
    placeholder: "NAME",
    help: "The instance label of the grouping key. Default: the host name; --instance= leaves it out.",
  },
  label: { name: "label", kind: "strings", placeholder: "NAME=VALUE", help: "Another grouping key label. Repeatable." },
  pushTimeout: {
    name: "push.timeout",
    kind: "duration",
    default: "30s",
    help: "How long one push may take, retries with backoff included, before it is given up with a warning.",
  },
  httpConfigFile: {
    name: "http.config.file",
    kind: "string",
    default: "",
    placeholder: "FILE",
    help: "HTTP client settings for the gateway in Prometheus' format (basic_auth with password_file, authorization, tls_config with ca_file).",
  },
});

export interface Destinations {
  gateways: string[];
  textfileDir: string;
  key: GroupingKey;
  budgetMs: number;
  http: HttpClientOptions;
}

function checkGatewayUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FlagError(`gateway ${JSON.stringify(url)} is not a URL (want e.g. http://gw:9091)`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new FlagError(`gateway ${JSON.stringify(url)}: want an http:// or https:// URL`);
  }
  return url;
}

/** Reads the shared flags; a usage mistake (or an unreadable --http.config.file) is a FlagError. */
export function destinationsFromFlags(f: FlagValues, env: Record<string, string | undefined> = process.env): Destinations {
  const v = f.read(DESTINATION_FLAGS);
  const set = f.setIn(DESTINATION_FLAGS);
  const fromEnv = (env.MON_GATEWAY ?? "").split(/[\s,]+/).filter((s) => s !== "");
  const gateways = (set.has("gateway") ? v.gateway : fromEnv).map(checkGatewayUrl);
  const textfileDir = set.has("textfileDir") ? v.textfileDir : (env.MON_TEXTFILE_DIR ?? "");
  if (gateways.length === 0 && textfileDir === "") {
    throw new FlagError("nowhere to push: give --gateway URL or --textfile-dir DIR (or set MON_GATEWAY or MON_TEXTFILE_DIR)");
  }
  const instance = set.has("instance") ? v.instance : hostname();
  const key: GroupingKey = groupingKeyFromFlags(v.job, instance, v.label);
  const configFile = v.httpConfigFile;
  let http: HttpClientOptions = { headers: {}, redirect: "follow" };
  if (configFile !== "") {
    try {
      http = loadHttpClientConfig(configFile);
    } catch (err) {
      throw new FlagError((err as Error).message);
    }
  }
  return { gateways, textfileDir, key, budgetMs: v.pushTimeout * 1000, http };
}

