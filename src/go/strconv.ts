// Go's strconv.ParseInt / ParseUint for 64-bit values, which procfs and
// node_exporter use on sysfs attributes. Base 0 infers the base from a prefix
// ("0x1003" in a flags file is hex, "0755" octal) and allows underscores
// between digits; base 10 accepts plain digits only. Both reject what does not
// fit in 64 bits, so the value is computed as a BigInt before narrowing.

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

const DIGITS: Record<number, RegExp> = {
  2: /^[01]+$/,
  8: /^[0-7]+$/,
  10: /^[0-9]+$/,
  16: /^[0-9a-fA-F]+$/,
};
const PREFIX: Record<number, string> = { 2: "0b", 8: "0o", 16: "0x" };

/** Go's underscoreOK: underscores only between digits (or after a base prefix). */
function underscoreOK(s: string): boolean {
  let saw = "^";
  let i = 0;
  let hex = false;
  if (s.length >= 2 && s[0] === "0" && /[bBoOxX]/.test(s[1])) {
    saw = "0";
    i = 2;
    hex = s[1] === "x" || s[1] === "X";
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= "0" && c <= "9") || (hex && /[a-fA-F]/.test(c))) {
      saw = "0";
      continue;
    }
    if (c === "_") {
      if (saw !== "0") return false;
      saw = "_";
      continue;
    }
    if (saw === "_") return false;
    saw = "!";
  }
  return saw !== "_";
}

/** The magnitude of an unsigned digit string, or undefined when Go rejects it. */
function parseMagnitude(s: string, base: 0 | 10): bigint | undefined {
  if (s === "") return undefined;
  let radix = 10;
  let body = s;
  if (base === 0) {
    const lower = s.toLowerCase();
    if (lower.startsWith("0x")) radix = 16;
    else if (lower.startsWith("0b")) radix = 2;
    else if (lower.startsWith("0o")) radix = 8;
    else if (s.length > 1 && s[0] === "0") radix = 8;
    if (radix !== 10) body = radix === 8 && !lower.startsWith("0o") ? s.slice(1) : s.slice(2);
    if (s.includes("_")) {
      if (!underscoreOK(s)) return undefined;
      body = body.replaceAll("_", "");
    }
  }
  if (!DIGITS[radix].test(body)) return undefined;
  const prefix = radix === 10 ? "" : (PREFIX[radix] ?? "");
  return BigInt(prefix + body);
}

/** strconv.ParseInt(s, base, 64) as a float64, or undefined on error. */
export function parseGoInt64(s: string, base: 0 | 10 = 10): number | undefined {
  let sign = 1n;
  let body = s;
  if (body[0] === "+" || body[0] === "-") {
    if (body[0] === "-") sign = -1n;
    body = body.slice(1);
  }
  const mag = parseMagnitude(body, base);
  if (mag === undefined) return undefined;
  const v = sign * mag;
  if (v < INT64_MIN || v > INT64_MAX) return undefined;
  return Number(v);
}

/** strconv.ParseUint(s, base, 64) as a BigInt, or undefined on error. */
export function parseGoUint64Big(s: string, base: 0 | 10 = 10): bigint | undefined {
  if (s[0] === "+" || s[0] === "-") return undefined;
  const mag = parseMagnitude(s, base);
  if (mag === undefined || mag > UINT64_MAX) return undefined;
  return mag;
}

/** strconv.ParseUint(s, base, 64) as a float64, or undefined on error. */
export function parseGoUint64(s: string, base: 0 | 10 = 10): number | undefined {
  const v = parseGoUint64Big(s, base);
  return v === undefined ? undefined : Number(v);
}

/** strconv.Atoi: a decimal int64 with an optional sign. */
export function parseGoAtoi(s: string): number | undefined {
  return parseGoInt64(s, 10);
}
