// /sys/class/infiniband/<device>: firmware and board info, and per port the
// state, physical state, rate and the counters/ and counters_ext/ files, as
// procfs v0.14 reads them (including which failures are fatal).

import { errnoCode, listDir, listDirEntries, parseFileText, readText, sysReadFile } from "../host-fs.ts";
import { join } from "node:path";
import { parseGoUint64Big } from "../../../go/strconv.ts";
import type { Paths } from "../../paths.ts";

export interface InfiniBandPort {
  device: string;
  port: number;
  state: string;
  stateId: number;
  physState: string;
  physStateId: number;
  /** Bytes per second. */
  rate: number;
  /** Counter file name ("port_rcv_data", "counters_ext/port_rcv_data_64"...) to value. */
  counters: Map<string, number>;
  /** hw_counters file name to value (mlx5 and irdma only). */
  hwCounters: Map<string, number>;
}

export interface InfiniBandDevice {
  name: string;
  boardId: string;
  firmwareVersion: string;
  hcaType: string;
  ports: InfiniBandPort[];
}

const UINT32_MAX = 0xffffffff;
const UINT64_MOD = 1n << 64n;

/** "4: ACTIVE" to id 4, name ACTIVE. */
export function parseState(s: string): { id: number; name: string } {
  const parts = s.split(":");
  if (parts.length !== 2) throw new Error(`failed to split ${s} into 'ID: NAME'`);
  const name = parts[1].trim();
  const idText = parts[0].trim();
  const id = /^[0-9]+$/.test(idText) ? Number(idText) : Number.NaN;
  if (!(id <= UINT32_MAX)) throw new Error(`failed to convert ${idText} into uint`);
  return { id, name };
}

/** "40 Gb/sec (4X QDR)" to bytes per second; the number is parsed as a float32 like procfs does. */
export function parseRate(s: string): number {
  const space = s.indexOf(" ");
  if (space < 0) throw new Error(`failed to split "${s}"`);
  const text = s.slice(0, space).trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) throw new Error(`failed to convert ${text} into uint`);
  const value = Math.fround(Number(text));
  if (!Number.isFinite(value)) throw new Error(`failed to convert ${text} into uint`);
  return Math.max(0, Math.trunc(value * 125000000));
}

// Mellanox reports these per lane, divided by 4 unconditionally.
const TIMES_FOUR = new Set(["port_rcv_data", "port_xmit_data", "port_rcv_data_64", "port_xmit_data_64"]);

export const COUNTER_FILES = new Set([
  "excessive_buffer_overrun_errors", "link_downed", "link_error_recovery", "local_link_integrity_errors",
  "multicast_rcv_packets", "multicast_xmit_packets", "port_rcv_constraint_errors", "port_rcv_data",
  "port_rcv_discards", "port_rcv_errors", "port_rcv_packets", "port_rcv_remote_physical_errors",
  "port_rcv_switch_relay_errors", "port_xmit_constraint_errors", "port_xmit_data", "port_xmit_discards",
  "port_xmit_packets", "port_xmit_wait", "symbol_error", "unicast_rcv_packets", "unicast_xmit_packets",
  "VL15_dropped",
]);

export const COUNTER_EXT_FILES = new Set([
  "port_multicast_rcv_packets", "port_multicast_xmit_packets", "port_rcv_data_64", "port_rcv_packets_64",
  "port_unicast_rcv_packets", "port_unicast_xmit_packets", "port_xmit_data_64", "port_xmit_packets_64",
]);

// Exposed since node_exporter 1.11 (#2827).
export const HW_COUNTER_FILES = new Set([
  "duplicate_request", "implied_nak_seq_err", "lifespan", "local_ack_timeout_err", "np_cnp_sent",
  "np_ecn_marked_roce_packets", "out_of_buffer", "out_of_sequence", "packet_seq_err", "req_cqe_error",
  "req_cqe_flush_error", "req_remote_access_errors", "req_remote_invalid_request", "resp_cqe_error",
  "resp_cqe_flush_error", "resp_local_length_error", "resp_remote_access_errors", "rnr_nak_retry_err",
  "roce_adp_retrans", "roce_adp_retrans_to", "roce_slow_restart", "roce_slow_restart_cnps",
  "roce_slow_restart_trans", "rp_cnp_handled", "rp_cnp_ignored", "rx_atomic_requests", "rx_dct_connect",
  "rx_icrc_encapsulated", "rx_read_requests", "rx_write_requests",
]);

/**
 * A counter value as procfs reads it: a Go base-0 uint64, multiplied by 4
 * (wrapping like uint64) for the per-lane data counters. Undefined for the
 * "N/A (no PMA)" some drivers print; throws on other garbage.
 */
export function parseCounterValue(file: string, value: string): number | undefined {
  const v = parseGoUint64Big(value, 0);
  if (v === undefined) {
    if (value.includes("N/A (no PMA)")) return undefined;
    throw new Error(`strconv.ParseUint: parsing "${value}": invalid syntax`);
  }
  return Number(TIMES_FOUR.has(file) ? (v * 4n) % UINT64_MOD : v);
}

function isSkippableRead(err: unknown): boolean {
  const code = errnoCode(err);
  return code === "ENOENT" || code === "EACCES" || code === "EPERM" || code === "EOPNOTSUPP" || code === "ENOTSUP" || code === "EINVAL";
}

function regularFiles(dir: string): string[] {
  return listDirEntries(dir)
    .filter((d) => d.isFile())
    .map((d) => d.name)
    .sort();
}

/** Reads the known files of a counter directory into counters (keyed by prefix + file). */
function readCounterDir(dir: string, known: ReadonlySet<string>, prefix: string, counters: Map<string, number> | undefined): void {
  for (const file of regularFiles(dir)) {
    if (!known.has(file)) continue;
    const path = join(dir, file);
    let value: string;
    try {
      value = sysReadFile(path);
    } catch (err) {
      if (isSkippableRead(err)) continue;
      throw new Error(`failed to read file "${path}": ${(err as Error).message}`, { cause: err });
    }
    const v = parseFileText(path, value, (text) => parseCounterValue(file, text));
    if (v !== undefined) counters?.set(prefix + file, v);
  }
}

function readPort(classDir: string, device: string, port: string): InfiniBandPort {
  if (!/^[0-9]+$/.test(port) || Number(port) > UINT32_MAX) throw new Error(`failed to convert ${port} into uint`);
  const portPath = join(classDir, device, "ports", port);
  const state = parseFileWith(portPath, "state", parseState);
  const phys = parseFileWith(portPath, "phys_state", parseState);
  const rate = parseFileWith(portPath, "rate", parseRate);
  const counters = new Map<string, number>();
  // Intel's irdma driver has no counters directory.
  if (!device.startsWith("irdma")) {
    readCounterDir(join(portPath, "counters"), COUNTER_FILES, "", counters);
    try {
      readCounterDir(join(portPath, "counters_ext"), COUNTER_EXT_FILES, "counters_ext/", counters);
    } catch (err) {
      if (errnoCode(err) !== "ENOENT") throw err;
    }
  }
  const hwCounters = new Map<string, number>();
  if (device.startsWith("irdma") || device.startsWith("mlx5_")) {
    readCounterDir(join(portPath, "hw_counters"), HW_COUNTER_FILES, "", hwCounters);
  }
  return {
    device,
    port: Number(port),
    state: state.name,
    stateId: state.id,
    physState: phys.name,
    physStateId: phys.id,
    rate,
    counters,
    hwCounters,
  };
}

function parseFileWith<T>(dir: string, file: string, parse: (s: string) => T): T {
  const text = readText(join(dir, file), "utf8");
  try {
    return parse(text);
  } catch (err) {
    throw new Error(`could not parse ${file} file in "${dir}": ${(err as Error).message}`, { cause: err });
  }
}

function readDevice(classDir: string, name: string): InfiniBandDevice {
  const dir = join(classDir, name);
  let firmwareVersion: string;
  try {
    firmwareVersion = sysReadFile(join(dir, "fw_ver"));
  } catch (err) {
    throw new Error(`failed to read HCA firmware version: ${(err as Error).message}`, { cause: err });
  }
  const optional = (file: string): string => {
    try {
      return sysReadFile(join(dir, file));
    } catch (err) {
      if (errnoCode(err) === "ENOENT") return "";
      throw new Error(`failed to read file "${join(dir, file)}": ${(err as Error).message}`, { cause: err });
    }
  };
  const boardId = optional("board_id");
  const hcaType = optional("hca_type");
  let ports: string[];
  try {
    ports = listDir(join(dir, "ports"));
  } catch (err) {
    throw new Error(`failed to list InfiniBand ports at "${join(dir, "ports")}": ${(err as Error).message}`, { cause: err });
  }
  return { name, boardId, firmwareVersion, hcaType, ports: ports.map((p) => readPort(classDir, name, p)) };
}

/** All devices; an absent class directory throws ENOENT unchanged. */
export function readInfiniBandClass(paths: Paths): InfiniBandDevice[] {
  const classDir = paths.sys("class", "infiniband");
  return listDir(classDir)
    .sort()
    .map((d) => readDevice(classDir, d));
}
