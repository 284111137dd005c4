// Go's strconv.FormatFloat(v, 'g', -1, 64), which client_golang uses for every
// sample value. JavaScript already finds the shortest round-trip digits; only
// the choice between plain and exponent notation, and the exponent's shape,
// differ from Go's.

export function formatFloat(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  if (v === 0) return Object.is(v, -0) ? "-0" : "0";
  if (Number.isInteger(v) && v > -1e6 && v < 1e6) return String(v);
  const exp = v.toExponential();
  const e = exp.indexOf("e");
  const exponent = Number(exp.slice(e + 1));
  // Go's %g with shortest precision switches to exponent form below 1e-4 and
  // from 1e6 on (eprec is fixed at 6 when the precision is "shortest").
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? "-" : "+";
    const abs = Math.abs(exponent);
    return `${exp.slice(0, e)}e${sign}${abs < 10 ? "0" : ""}${abs}`;
  }
  return String(v);
}

/**
 * Parses a sample value the way Go's strconv.ParseFloat(s, 64) does for the
 * inputs the text format allows. Returns undefined when Go would reject it.
 */
export function parseGoFloat(s: string): number | undefined {
  // Fast path for what /proc counters are, plain decimal integers: the same
  // result as below (Go rejects only out-of-range ones, which Number makes
  // infinite), without the lower-casing and prefix checks.
  if (PLAIN_INTEGER.test(s)) {
    const v = Number(s);
    return Number.isFinite(v) ? v : undefined;
  }
  if (s.length === 0) return undefined;
  const lower = s.toLowerCase();
  let sign = 1;
  let body = lower;
  if (body[0] === "+" || body[0] === "-") {
    if (body[0] === "-") sign = -1;
    body = body.slice(1);
  }
  if (body === "inf" || body === "infinity") return sign * Infinity;
  if (body === "nan") return s[0] === "+" || s[0] === "-" ? undefined : NaN;
  if (body.startsWith("0x")) {
    return parseHexFloat(body.slice(2), sign);
  }
  // Go allows underscores only with a base prefix, so plain decimals must be
  // digits, one dot and an optional exponent.
  if (!/^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(body)) return undefined;
  // Go reports out-of-range values (1e400) as an error, not as infinity.
  const v = sign * Number(body);
  return Number.isFinite(v) ? v : undefined;
}

const PLAIN_INTEGER = /^[+-]?\d+$/;

function parseHexFloat(body: string, sign: number): number | undefined {
  const m = /^([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([+-]?\d+))?$/.exec(body.replaceAll("_", ""));
  if (!m || (m[1] === "" && (m[2] ?? "") === "")) return undefined;
  const intPart = m[1] === "" ? 0 : parseInt(m[1], 16);
  const frac = m[2] ?? "";
  let value = intPart;
  for (let i = 0; i < frac.length; i++) value += parseInt(frac[i], 16) / 16 ** (i + 1);
  // Go: "hexadecimal mantissa requires a 'p' exponent".
  if (m[3] === undefined) return undefined;
  const v = sign * value * 2 ** Number(m[3]);
  return Number.isFinite(v) ? v : undefined;
}
