// /proc/mdstat: one block per md device, e.g.
//   md6 : active raid1 sdb2[2](F) sdc[1](S) sda2[0]
//         195310144 blocks [2/1] [U_]
//         [=>....]  recovery =  8.5% (16775552/195310144) finish=17.0min speed=259783K/sec
// Interpreted as procfs v0.14 does, quirks included (a device line with
// fewer than three lines after it is an error for the whole file).

import { parseGoFloat } from "../../../go/format-float.ts";
import { readParsedIfExists } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

export interface MdStat {
  name: string;
  /** active, inactive, recovering, resyncing or checking (the third field unless syncing). */
  activityState: string;
  disksActive: number;
  disksTotal: number;
  disksFailed: number;
  disksDown: number;
  disksSpare: number;
  blocksTotal: number;
  blocksSynced: number;
  blocksSyncedPct: number;
  blocksSyncedFinishTime: number;
  blocksSyncedSpeed: number;
}

const STATUS_LINE = /(\d+) blocks .*\[(\d+)\/(\d+)\] \[([U_]+)\]/;
const RECOVERY_BLOCKS = /\((\d+)\/\d+\)/;
const RECOVERY_PCT = /= (.+)%/;
const RECOVERY_FINISH = /finish=(.+)min/;
const RECOVERY_SPEED = /speed=(.+)[A-Z]/;

function count(s: string, sub: string): number {
  return s.split(sub).length - 1;
}

function int(text: string, line: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw new Error(`unexpected status line "${line}"`);
  return Number(text);
}

function evalStatusLine(deviceLine: string, statusLine: string) {
  const fields = statusLine.trim().split(/\s+/);
  if (fields[0] === "") throw new Error(`unexpected status line "${statusLine}"`);
  const size = int(fields[0], statusLine);
  if (deviceLine.includes("raid0") || deviceLine.includes("linear")) {
    const total = count(deviceLine, "[");
    return { active: total, total, down: 0, size };
  }
  if (deviceLine.includes("inactive")) return { active: 0, total: 0, down: 0, size };
  const m = STATUS_LINE.exec(statusLine);
  if (!m) throw new Error(`could not find all substring matches in "${statusLine}"`);
  return { total: int(m[2], statusLine), active: int(m[3], statusLine), down: count(m[4], "_"), size };
}

function evalRecoveryLine(line: string) {
  const blocks = RECOVERY_BLOCKS.exec(line);
  if (!blocks) throw new Error(`unexpected recovery line "${line}"`);
  const synced = Number(blocks[1]);
  const float = (re: RegExp, what: string, trim = false) => {
    const m = re.exec(line);
    const v = m ? parseGoFloat(trim ? m[1].trim() : m[1]) : undefined;
    if (v === undefined) throw new Error(`cannot parse ${what} of recovery line "${line}"`);
    return v;
  };
  return {
    synced,
    pct: float(RECOVERY_PCT, "percentage", true),
    finish: float(RECOVERY_FINISH, "finish time"),
    speed: float(RECOVERY_SPEED, "speed"),
  };
}

export function parseMdstat(text: string): MdStat[] {
  const out: MdStat[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === "" || line[0] === " " || line.startsWith("Personalities") || line.startsWith("unused")) continue;
    const fields = line.trim().split(/\s+/);
    if (fields.length < 3) throw new Error(`line ${i + 1}: want 3+ fields, got "${line}"`);
    const name = fields[0];
    let state = fields[2];
    if (lines.length <= i + 3) throw new Error(`line ${i + 1}: too few lines for md device ${name}`);
    let status;
    try {
      status = evalStatusLine(line, lines[i + 1]);
    } catch (err) {
      throw new Error(`line ${i + 2}: md device ${name}: ${(err as Error).message}`, { cause: err });
    }
    const syncIdx = lines[i + 2].includes("bitmap") ? i + 3 : i + 2;
    const sync = lines[syncIdx];
    let synced = status.size;
    let pct = 0;
    let finish = 0;
    let speed = 0;
    const recovering = sync.includes("recovery");
    const resyncing = sync.includes("resync");
    const checking = sync.includes("check");
    if (recovering || resyncing || checking) {
      state = recovering ? "recovering" : checking ? "checking" : "resyncing";
      if (sync.includes("PENDING") || sync.includes("DELAYED")) {
        synced = 0;
      } else {
        try {
          ({ synced, pct, finish, speed } = evalRecoveryLine(sync));
        } catch (err) {
          throw new Error(`line ${syncIdx + 1}: md device ${name}: ${(err as Error).message}`, { cause: err });
        }
      }
    }
    out.push({
      name,
      activityState: state,
      disksActive: status.active,
      disksTotal: status.total,
      disksFailed: count(line, "(F)"),
      disksDown: status.down,
      disksSpare: count(line, "(S)"),
      blocksTotal: status.size,
      blocksSynced: synced,
      blocksSyncedPct: pct,
      blocksSyncedFinishTime: finish,
      blocksSyncedSpeed: speed,
    });
  }
  return out;
}

/** undefined when the host has no md driver (no /proc/mdstat). */
export function readMdstat(paths: Paths): MdStat[] | undefined {
  return readParsedIfExists(paths.proc("mdstat"), parseMdstat);
}
