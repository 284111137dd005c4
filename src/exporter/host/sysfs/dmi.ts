// /sys/class/dmi/id/*: the firmware's DMI (SMBIOS) strings, one per file.
// serial and uuid files are root-only; unreadable ones are left out.

import { errnoCode, listDirEntries, sysReadRaw } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

/** File name to node_exporter's label name; other files (chassis_type...) are not exported. */
export const DMI_LABELS: Record<string, string> = {
  bios_date: "bios_date",
  bios_release: "bios_release",
  bios_vendor: "bios_vendor",
  bios_version: "bios_version",
  board_asset_tag: "board_asset_tag",
  board_name: "board_name",
  board_serial: "board_serial",
  board_vendor: "board_vendor",
  board_version: "board_version",
  chassis_asset_tag: "chassis_asset_tag",
  chassis_serial: "chassis_serial",
  chassis_vendor: "chassis_vendor",
  chassis_version: "chassis_version",
  product_family: "product_family",
  product_name: "product_name",
  product_serial: "product_serial",
  product_sku: "product_sku",
  product_uuid: "product_uuid",
  product_version: "product_version",
  sys_vendor: "system_vendor",
};

/** Go's strings.ToValidUTF8(s, "\uFFFD"): each run of invalid bytes becomes one replacement character. */
export function toValidUtf8(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  let invalidRun = false;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  while (i < bytes.length) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ch: string | undefined;
    if (len > 0 && i + len <= bytes.length) {
      try {
        ch = decoder.decode(bytes.subarray(i, i + len));
      } catch {
        ch = undefined;
      }
    }
    if (ch === undefined) {
      if (!invalidRun) out += "\uFFFD";
      invalidRun = true;
      i++;
    } else {
      out += ch;
      invalidRun = false;
      i += len;
    }
  }
  return out;
}

/** Label name to value. An absent directory gives {}; other errors throw. */
export function readDmi(paths: Paths): Record<string, string> {
  const dir = paths.sys("class", "dmi", "id");
  let entries;
  try {
    entries = listDirEntries(dir);
  } catch (err) {
    if (errnoCode(err) === "ENOENT") return {};
    throw new Error(`failed to read directory "${dir}": ${(err as Error).message}`, { cause: err });
  }
  const out: Record<string, string> = {};
  for (const e of entries) {
    if (!e.isFile() || e.name === "modalias" || e.name === "uevent") continue;
    const file = paths.sys("class", "dmi", "id", e.name);
    let raw: Uint8Array;
    try {
      raw = sysReadRaw(file);
    } catch (err) {
      if (errnoCode(err) === "EACCES" || errnoCode(err) === "EPERM") continue;
      throw new Error(`failed to read file "${file}": ${(err as Error).message}`, { cause: err });
    }
    const label = DMI_LABELS[e.name];
    if (label !== undefined) out[label] = toValidUtf8(trimBytes(raw));
  }
  return out;
}

/** Go's strings.TrimSpace on raw bytes (ASCII white space only at the ends). */
function trimBytes(raw: Uint8Array): Uint8Array {
  let s = 0;
  let e = raw.length;
  const space = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);
  while (s < e && space(raw[s])) s++;
  while (e > s && space(raw[e - 1])) e--;
  return raw.subarray(s, e);
}
