// node_exporter's supervisord collector (deprecated upstream, still in
// 1.8.2): supervisor.getAllProcessInfo over XML-RPC, via HTTP or a unix socket.

import type { Logger } from "../../telemetry/logger.ts";
import type { FamilyBuilder } from "../../metrics/family-builder.ts";
import { defineCollector } from "../collector.ts";
import { type XmlRpcValue, methodCallBody, parseMethodResponse } from "../host/supervisord-xml-rpc.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";
import { SUPERVISORD_OPTIONS } from "./options/supervisord.ts";

const SUPERVISORD_STATE = metricDesc("node_supervisord_state", "gauge", "Process State", ["name", "group"]);
const SUPERVISORD_EXIT_STATUS = metricDesc(
  "node_supervisord_exit_status",
  "gauge",
  "Process Exit Status",
  ["name", "group"],
);
const SUPERVISORD_UP = metricDesc("node_supervisord_up", "gauge", "Process Up", ["name", "group"]);
const SUPERVISORD_START_TIME_SECONDS = metricDesc(
  "node_supervisord_start_time_seconds",
  "counter",
  "Process start time",
  ["name", "group"],
);

const TIMEOUT_MS = 30_000;

// http://supervisord.org/subprocess.html#process-states
const STARTING = 10;
const RUNNING = 20;
const STOPPING = 40;

export function isRunning(state: number): boolean {
  return state === STARTING || state === RUNNING || state === STOPPING;
}

interface ProcessInfo {
  name: string;
  group: string;
  start: number;
  state: number;
  statename: string;
  exitstatus: number;
  pid: number;
}

/**
 * Reads getAllProcessInfo's array. Like upstream, one record is reused for
 * all processes, so a key a process lacks keeps the previous process's value;
 * values of an unexpected type are ignored.
 */
export function processInfos(result: XmlRpcValue): ProcessInfo[] {
  if (!Array.isArray(result)) throw new Error("getAllProcessInfo: result is not an array");
  const info: ProcessInfo = { name: "", group: "", start: 0, state: 0, statename: "", exitstatus: 0, pid: 0 };
  const out: ProcessInfo[] = [];
  for (const p of result) {
    if (p === null || typeof p !== "object" || Array.isArray(p)) throw new Error("getAllProcessInfo: an entry is not a struct");
    for (const [k, v] of Object.entries(p)) {
      if (k === "name" || k === "group" || k === "statename") {
        if (typeof v === "string") info[k] = v;
      } else if (k === "start" || k === "state" || k === "exitstatus" || k === "pid") {
        if (typeof v === "number") info[k] = v;
      }
    }
    out.push({ ...info });
  }
  return out;
}

/** Where to POST: an http(s) URL, or for unix:///path the socket path (requests then go to http://unix/RPC2). */
export function supervisordEndpoint(url: string): { url: string; unix?: string } {
  if (url.startsWith("unix:")) {
    try {
      return { url: "http://unix/RPC2", unix: new URL(url).pathname };
    } catch {
      // not a URL: upstream falls back to using it as given
    }
  }
  return { url };
}

export function createSupervisordCollector(url: string, logger: Logger): { update(out: FamilyBuilder): Promise<void> } {
  const endpoint = supervisordEndpoint(url);
  return {
    async update(out) {
      let result: XmlRpcValue;
      try {
        const res = await fetch(endpoint.url, {
          method: "POST",
          headers: { "Content-Type": "text/xml" },
          body: methodCallBody("supervisor.getAllProcessInfo"),
          signal: AbortSignal.timeout(TIMEOUT_MS),
          ...(endpoint.unix ? { unix: endpoint.unix } : {}),
        });
        const text = await res.text();
        if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
        result = parseMethodResponse(text);
      } catch (err) {
        throw new Error(`unable to call supervisord: ${(err as Error).message}`, { cause: err });
      }
      for (const info of processInfos(result)) {
        const labels = { name: info.name, group: info.group };
        out.add(SUPERVISORD_STATE, info.state, labels);
        out.add(SUPERVISORD_EXIT_STATUS, info.exitstatus, labels);
        if (isRunning(info.state)) {
          out.add(SUPERVISORD_UP, 1, labels);
          out.add(SUPERVISORD_START_TIME_SECONDS, info.start, labels);
        } else {
          out.add(SUPERVISORD_UP, 0, labels);
        }
        logger.debug("process info", { group: info.group, name: info.name, state: info.statename, pid: info.pid });
      }
    },
  };
}

export const supervisordCollector = defineCollector({
  name: "supervisord",
  options: SUPERVISORD_OPTIONS,
  create({ options, optionsSet, logger }) {
    // As kingpin's Envar: $SUPERVISORD_URL stands in for the flag when the flag is not given.
    const env = process.env.SUPERVISORD_URL;
    const url = !optionsSet.has("url") && env ? env : options.url;
    logger.warn("This collector is deprecated and will be removed in the next major version release.");
    return createSupervisordCollector(url, logger);
  },
});
