// Text exposition format 0.0.4 parser with the acceptance rules and error
// messages of expfmt.TextParser from prometheus/common v0.59.1, the version
// Pushgateway 1.10.0 is built with, plus the name validation of v0.67.5
// (Pushgateway 1.11.3) when asked for. Pushgateway answers 400 with the
// parser's error text, so mon reproduces both the decisions and the wording.
//
// The parser works on bytes, as Go's does: only label values must be valid
// UTF-8, and a line ends at '\n' alone ('\r' is an ordinary byte).

import { parseGoFloat } from "../go/format-float.ts";
import { type NameValidation, isValidLabelNameIn, isValidMetricNameIn } from "./metric-names.ts";
import { goQuote, goQuoteByte, goQuoteBytes } from "../go/quote.ts";
import { type Labels, type Metric, type MetricFamily, type MetricType, SampleLimitError } from "./types.ts";

export class TextParseError extends Error {
  readonly line: number;
  /** The message without the "text format parsing error in line N: " prefix. */
  readonly reason: string;
  /** The input ended mid-line: on a prefix of a body this says nothing about the body. */
  readonly atEnd: boolean;

  constructor(line: number, reason: string, options?: ErrorOptions & { atEnd?: boolean }) {
    super(`text format parsing error in line ${line}: ${reason}`, options);
    this.name = "TextParseError";
    this.line = line;
    this.reason = reason;
    this.atEnd = options?.atEnd ?? false;
  }
}

export interface TextParseOptions {
  /** Stop with SampleLimitError at the first sample line beyond this many. */
  maxSamples?: number;
  /**
   * Validate metric and label names as expfmt.NewTextParser(scheme) of
   * prometheus/common v0.67 does ("utf8": any non-empty valid UTF-8, quoted
   * where not legacy). Unset: names are not validated here (v0.59.1, whose
   * callers check them later).
   */
  nameValidation?: NameValidation;
  /**
   * "v0.67": histogram lines as prometheus/common v0.67 (Pushgateway 1.11.3)
   * reads them: a count or bucket that is not a whole number is kept as a
   * float, a negative one is an error, and TYPE gauge_histogram (or
   * gaugehistogram) is a histogram. Unset: v0.59's uint64 conversion.
   */
  histogramRules?: "v0.67";
}

/** Parses a text-format body already decoded to a string. */
export function parseText(text: string): MetricFamily[] {
  return parseTextBytes(encodeString(text));
}

/**
 * Parses a raw text-format body. Invalid UTF-8 in a label value is an error on
 * its line, as in Go; elsewhere (HELP text, comments) Go keeps the raw bytes,
 * which a JS string cannot hold, so they become U+FFFD.
 */
export function parseTextBytes(bytes: Uint8Array, options: TextParseOptions = {}): MetricFamily[] {
  const p = new TextParser(options);
  p.feed(bytes, true);
  return p.result();
}

/**
 * parseTextBytes in slices of about sliceMs, giving the event loop a turn
 * between them, so that a large body does not hold up other requests.
 */
export async function parseTextBytesSliced(
  bytes: Uint8Array,
  options: TextParseOptions & { sliceMs?: number } = {},
): Promise<MetricFamily[]> {
  const p = new TextParser(options);
  const sliceMs = options.sliceMs ?? 10;
  p.begin(bytes, true);
  while (!p.step(performance.now() + sliceMs)) await new Promise((resolve) => setImmediate(resolve));
  return p.result();
}

/**
 * Parses the first bytes of a body that is still arriving. Returns the error
 * the whole body must fail with, if the prefix already shows one; an input
 * ending mid-line is not an error here.
 */
export function textPrefixError(prefix: Uint8Array, options: Pick<TextParseOptions, "nameValidation"> = {}): TextParseError | undefined {
  try {
    new TextParser(options).feed(prefix, true);
  } catch (err) {
    if (err instanceof TextParseError && !err.atEnd) return err;
  }
  return undefined;
}

/**
 * parseTextBytes over a body that arrives in pieces (a file read chunk by
 * chunk), holding only the unfinished last line between pieces: memory stays
 * bounded by the longest line, not the body. Same decisions, same errors and
 * line numbers. push() may throw TextParseError; the chunk may be reused by
 * the caller once push returns.
 */
const EMPTY = new Uint8Array(0);

export class TextStreamParser {
  private readonly parser = new TextParser();
  private partial: Uint8Array = EMPTY;

  push(chunk: Uint8Array): void {
    const lastNl = chunk.lastIndexOf(NL);
    if (lastNl < 0) {
      this.partial = concatBytes(this.partial, chunk);
      return;
    }
    // Only the line that spans pieces is copied; the rest is parsed in place.
    let start = 0;
    if (this.partial.length > 0) {
      start = chunk.indexOf(NL) + 1;
      this.parser.feed(concatBytes(this.partial, chunk.subarray(0, start)), false);
    }
    if (start <= lastNl) this.parser.feed(chunk.subarray(start, lastNl + 1), false);
    // A copy: chunk may be a Buffer, whose slice() would share the caller's memory.
    this.partial = concatBytes(EMPTY, chunk.subarray(lastNl + 1));
  }

  /** The families, once the whole body has been pushed. */
  end(): MetricFamily[] {
    this.parser.feed(this.partial, true);
    return this.parser.result();
  }
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

const utf8Encoder = new TextEncoder();
const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lenientDecoder = new TextDecoder("utf-8", { ignoreBOM: true });

// A lone surrogate is the trace of invalid UTF-8 in a string; encode it as the
// (invalid) three bytes it stands for so that a label value holding one is
// rejected as Go rejects the original bytes.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function encodeString(text: string): Uint8Array {
  if (!LONE_SURROGATE.test(text)) return utf8Encoder.encode(text);
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
        i++;
        continue;
      }
      out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    } else out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Uint8Array.from(out);
}

// Typed `number`, not as literals: `this.cur === LBRACE` would otherwise
// narrow this.cur to 0x7b for the rest of the block, although next() moves it.
const NL: number = 0x0a;
const SPACE: number = 0x20;
const TAB: number = 0x09;
const QUOTE: number = 0x22;
const BACKSLASH: number = 0x5c;
const HASH: number = 0x23;
const LBRACE: number = 0x7b;
const RBRACE: number = 0x7d;
const COMMA: number = 0x2c;
const EQUALS: number = 0x3d;

function isBlank(b: number): boolean {
  return b === SPACE || b === TAB;
}

function isLabelNameStart(b: number): boolean {
  return (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || b === 0x5f || b === QUOTE;
}

function isLabelNameContinuation(b: number, quoted: boolean): boolean {
  // Inside quotes Go accepts every byte (each byte is valid as a rune).
  return quoted || isLabelNameStart(b) || (b >= 0x30 && b <= 0x39);
}

function isMetricNameStart(b: number): boolean {
  return isLabelNameStart(b) || b === 0x3a;
}

function isMetricNameContinuation(b: number, quoted: boolean): boolean {
  return isLabelNameContinuation(b, quoted) || b === 0x3a;
}

const TYPE_NAMES: Record<string, MetricType> = {
  COUNTER: "counter",
  GAUGE: "gauge",
  SUMMARY: "summary",
  UNTYPED: "untyped",
  HISTOGRAM: "histogram",
};

/** Thrown by next() at the end of the input; turned into Go's EOF message. */
class EndOfInput {}

interface FamilyState {
  name: string;
  help?: string;
  type?: MetricType;
  metrics: Metric[];
}

/** A sample line while its labels are read. */
interface SampleLine {
  inBraces: boolean;
  target: Target | undefined;
  labels: [string, string][];
  /** The label names, once there are too many to scan for a repeat. */
  names: Set<string> | undefined;
  quantile: number;
  bucket: number;
}

/** What the sample line's metric name resolved to (setOrCreateCurrentMF in Go). */
interface Target {
  family: FamilyState;
  isCount: boolean;
  isSum: boolean;
}

function isAscii(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  for (let i = start; i < end; i++) if (bytes[i] >= 0x80) return false;
  return true;
}

function bytesToString(bytes: Uint8Array): string {
  return lenientDecoder.decode(bytes);
}

/** Go's strconv.ParseFloat behind expfmt's parseFloat, which also bans p, P and _. */
export function parseTextFloat(s: string): number | undefined {
  // Without 'p' a hex float has no exponent, which Go's ParseFloat requires.
  if (/[pP_xX]/.test(s)) return undefined;
  const v = parseGoFloat(s);
  // Go reports overflow ("1e400") as a range error; the parser rejects it.
  if ((v === Infinity || v === -Infinity) && !/inf/i.test(s)) return undefined;
  return v;
}

/** strconv.ParseInt(s, 10, 64). */
function parseInt64(s: string): number | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const n = BigInt(s);
  if (n > 9223372036854775807n || n < -9223372036854775808n) return undefined;
  return Number(n);
}

/** Go's uint64(f) conversion on amd64, for counts given as floats. */
function toUint64(v: number): number {
  if (!Number.isFinite(v)) return 2 ** 63;
  const t = Math.trunc(v);
  if (t === 0) return 0;
  if (t > 0) return t < 2 ** 64 ? t : 2 ** 63;
  return 2 ** 64 + t;
}

function labelSignature(name: string, labels: [string, string][]): string {
  const sorted = labels.map(([n, v]) => `${n}\u0000${v}`).sort();
  return `${name}\u0001${sorted.join("\u0001")}`;
}

class TextParser {
  private bytes: Uint8Array = new Uint8Array(0);
  private pos = 0;
  /** The most recently read byte, like Go's p.currentByte. */
  private cur = 0;
  private line = 0;
  private readonly families = new Map<string, FamilyState>();
  private readonly order: FamilyState[] = [];
  /** Summaries and histograms by family name and label set, to merge their lines. */
  private readonly compound = new Map<string, Metric>();

  /** The same bytes, for Buffer's fast latin1 slicing of ASCII tokens. */
  private latin1: Buffer = Buffer.alloc(0);
  private final = true;
  private samples = 0;
  private readonly maxSamples: number;
  private readonly nameValidation: NameValidation | undefined;
  private readonly floatHistograms: boolean;
  /** The raw bytes of the last name token when they are not valid UTF-8 (validating parsers only). */
  private badName: Uint8Array | undefined;
  /** When step() is to give the event loop a turn. */
  private deadline = Infinity;
  /** A sample line whose labels are not all read yet (see labelList). */
  private pending: SampleLine | undefined;

  constructor(options: TextParseOptions = {}) {
    this.maxSamples = options.maxSamples ?? Infinity;
    this.nameValidation = options.nameValidation;
    this.floatHistograms = options.histogramRules === "v0.67";
  }

  /**
   * Parses the next part of the body. Every part but the final one must end
   * with a newline: constructs never span lines, so a part ending at a line
   * start is a clean pause, not the end of input.
   */
  feed(bytes: Uint8Array, final: boolean): void {
    this.begin(bytes, final);
    this.step(Infinity);
  }

  /** Takes the next part of the body for step(). */
  begin(bytes: Uint8Array, final: boolean): void {
    this.bytes = bytes;
    this.latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = 0;
    this.final = final;
  }

  /** Parses the part until it ends (true) or performance.now() passes deadline (false). */
  step(deadline: number): boolean {
    try {
      if (!this.run(deadline)) return false;
    } catch (e) {
      if (e instanceof EndOfInput) throw new TextParseError(this.line, "unexpected end of input stream", { atEnd: true });
      throw e;
    }
    // run() counted the line it found no start of; the next part starts it.
    if (!this.final) this.line--;
    return true;
  }

  result(): MetricFamily[] {
    const out: MetricFamily[] = [];
    for (const f of this.order) {
      if (f.metrics.length === 0) continue;
      const family: MetricFamily = { name: f.name, type: f.type ?? "untyped", metrics: f.metrics };
      if (f.help !== undefined) family.help = f.help;
      out.push(family);
    }
    return out;
  }

  private fail(reason: string): never {
    throw new TextParseError(this.line, reason);
  }

  private next(): number {
    if (this.pos >= this.bytes.length) throw new EndOfInput();
    this.cur = this.bytes[this.pos++];
    return this.cur;
  }

  private skipBlankTab(): void {
    while (isBlank(this.next()));
  }

  private skipBlankTabIfCurrent(): void {
    if (isBlank(this.cur)) this.skipBlankTab();
  }

  private run(deadline: number): boolean {
    this.deadline = deadline;
    if (this.pending) {
      if (!this.labelList(this.pending, deadline)) return false;
      const line = this.pending;
      this.pending = undefined;
      this.endSample(line);
    }
    for (let n = 1; ; n++) {
      // Looking at the clock every 1024 lines costs nothing measurable.
      if ((n & 1023) === 0 && deadline !== Infinity && performance.now() > deadline) return false;
      this.line++;
      // The end of input is only legitimate here, at the start of a line
      // (after optional blanks).
      do {
        if (this.pos >= this.bytes.length) return true;
        this.cur = this.bytes[this.pos++];
      } while (isBlank(this.cur));
      if (this.cur === HASH) this.comment();
      else if (this.cur === NL) continue;
      else if (!this.sample(this.cur === LBRACE)) return false;
    }
  }


  /** Starts with cur; ends before the first blank or newline, left in cur. */
  private tokenUntilWhitespace(): string {
    const start = this.pos - 1;
    while (!isBlank(this.cur) && this.cur !== NL) this.next();
    return this.slice(start, this.pos - 1);
  }

  /**
   * As tokenUntilWhitespace, for a comment's first word: HELP or TYPE, or
   * undefined for any other word, which is not turned into a string (a
   * textfile may hold millions of comment lines).
   */
  private keywordUntilWhitespace(): "HELP" | "TYPE" | undefined {
    const start = this.pos - 1;
    while (!isBlank(this.cur) && this.cur !== NL) this.next();
    if (this.pos - 1 - start !== 4) return undefined;
    const b = this.bytes;
    if (b[start] === 0x48 && b[start + 1] === 0x45 && b[start + 2] === 0x4c && b[start + 3] === 0x50) return "HELP";
    if (b[start] === 0x54 && b[start + 1] === 0x59 && b[start + 2] === 0x50 && b[start + 3] === 0x45) return "TYPE";
    return undefined;
  }

  /** Rest of the line starting with cur; cur ends on the newline. */
  private tokenUntilNewline(unescape: boolean): string {
    const tok: number[] = [];
    let escaped = false;
    for (;;) {
      const b = this.cur;
      if (unescape && escaped) {
        if (b === BACKSLASH || b === QUOTE) tok.push(b);
        else if (b === 0x6e) tok.push(NL);
        else this.fail(`invalid escape sequence '\\${String.fromCharCode(b)}'`);
        escaped = false;
      } else if (b === NL) {
        return bytesToString(Uint8Array.from(tok));
      } else if (b === BACKSLASH) {
        escaped = true;
      } else {
        tok.push(b);
      }
      this.next();
    }
  }

  /**
   * A metric or label name starting with cur: legacy characters, or a quoted
   * UTF-8 name with escapes. Returns "" when cur cannot start a name.
   */
  private nameToken(kind: "metric" | "label"): string {
    const isStart = kind === "metric" ? isMetricNameStart : isLabelNameStart;
    const isCont = kind === "metric" ? isMetricNameContinuation : isLabelNameContinuation;
    this.badName = undefined;
    if (!isStart(this.cur)) return "";
    if (this.cur !== QUOTE) {
      // Fast path for the usual unquoted name: one contiguous run of bytes.
      const start = this.pos - 1;
      let i = this.pos;
      while (i < this.bytes.length && this.bytes[i] !== QUOTE && isCont(this.bytes[i], false)) i++;
      if (i >= this.bytes.length) {
        this.pos = i;
        throw new EndOfInput();
      }
      if (this.bytes[i] !== QUOTE) {
        this.pos = i + 1;
        this.cur = this.bytes[i];
        return this.slice(start, i);
      }
    }
    const tok: number[] = [];
    let quoted = false;
    let escaped = false;
    for (;;) {
      const b = this.cur;
      if (escaped) {
        if (b === BACKSLASH || b === QUOTE) tok.push(b);
        else if (b === 0x6e) tok.push(NL);
        else this.fail(`invalid escape sequence '\\${String.fromCharCode(b)}'`);
        escaped = false;
      } else if (b === QUOTE) {
        quoted = !quoted;
        if (!quoted) {
          this.next();
          return this.quotedName(Uint8Array.from(tok));
        }
      } else if (b === NL) {
        this.fail(`${kind} name ${goQuoteBytes(Uint8Array.from(tok))} contains unescaped new-line`);
      } else if (b === BACKSLASH) {
        escaped = true;
      } else {
        tok.push(b);
      }
      this.next();
      if (!isCont(this.cur, quoted)) return this.quotedName(Uint8Array.from(tok));
    }
  }

  /**
   * A name that had quotes. Go keeps its raw bytes and a validating parser
   * refuses invalid UTF-8 once it knows whether the token names the metric
   * or a label; a JS string cannot hold them, so they are kept in badName.
   */
  private quotedName(raw: Uint8Array): string {
    if (this.nameValidation !== undefined && !isAscii(raw)) {
      try {
        return strictDecoder.decode(raw);
      } catch {
        this.badName = raw;
      }
    }
    return bytesToString(raw);
  }

  /** Go's check of a metric or label name against the parser's scheme. */
  private checkName(kind: "metric" | "label", name: string): void {
    if (this.nameValidation === undefined) return;
    if (this.badName !== undefined) this.fail(`invalid ${kind} name ${goQuoteBytes(this.badName)}`);
    const ok = kind === "metric" ? isValidMetricNameIn(this.nameValidation, name) : isValidLabelNameIn(this.nameValidation, name);
    if (!ok) this.fail(`invalid ${kind} name ${goQuote(name)}`);
  }

  /** cur is the opening quote; ends with cur on the closing quote. */
  /** Input bytes [start, end) as a string; short ASCII runs are the common case. */
  private slice(start: number, end: number): string {
    if (isAscii(this.bytes, start, end)) return this.latin1.toString("latin1", start, end);
    return lenientDecoder.decode(this.bytes.subarray(start, end));
  }

  /** cur is the opening quote; ends with cur on the closing quote. Must be valid UTF-8. */
  private labelValue(): string {
    const start = this.pos;
    // Fast path: no escapes.
    for (let i = start; i < this.bytes.length; i++) {
      const b = this.bytes[i];
      if (b === QUOTE) {
        this.pos = i + 1;
        this.cur = b;
        if (isAscii(this.bytes, start, i)) return this.latin1.toString("latin1", start, i);
        return this.strict(this.bytes.subarray(start, i));
      }
      if (b === BACKSLASH || b === NL) break;
    }
    return this.strict(this.escapedLabelValue());
  }

  private strict(raw: Uint8Array): string {
    try {
      return strictDecoder.decode(raw);
    } catch (cause) {
      throw new TextParseError(this.line, `invalid label value ${goQuoteBytes(raw)}`, { cause });
    }
  }

  private escapedLabelValue(): Uint8Array {
    const tok: number[] = [];
    let escaped = false;
    for (;;) {
      const b = this.next();
      if (escaped) {
        if (b === QUOTE || b === BACKSLASH) tok.push(b);
        else if (b === 0x6e) tok.push(NL);
        else this.fail(`invalid escape sequence '\\${String.fromCharCode(b)}'`);
        escaped = false;
        continue;
      }
      if (b === QUOTE) return Uint8Array.from(tok);
      if (b === NL) this.fail(`label value ${goQuoteBytes(Uint8Array.from(tok))} contains unescaped new-line`);
      if (b === BACKSLASH) escaped = true;
      else tok.push(b);
    }
  }

  /** Go's setOrCreateCurrentMF: _sum/_count/_bucket attach to an existing summary or histogram. */
  private resolve(name: string): Target {
    this.checkName("metric", name);
    const exact = this.families.get(name);
    if (exact) return { family: exact, isCount: false, isSum: false };
    const isCount = name.length > 6 && name.endsWith("_count");
    const isSum = name.length > 4 && name.endsWith("_sum");
    const isBucket = name.length > 7 && name.endsWith("_bucket");
    const base = isCount ? name.slice(0, -6) : isSum ? name.slice(0, -4) : undefined;
    if (base !== undefined) {
      const f = this.families.get(base);
      if (f?.type === "summary" || f?.type === "histogram") return { family: f, isCount, isSum };
    } else if (isBucket) {
      const f = this.families.get(name.slice(0, -7));
      if (f?.type === "histogram") return { family: f, isCount: false, isSum: false };
    }
    const family: FamilyState = { name, metrics: [] };
    this.families.set(name, family);
    this.order.push(family);
    return { family, isCount: false, isSum: false };
  }

  private comment(): void {
    this.skipBlankTab();
    if (this.cur === NL) return;
    const keyword = this.keywordUntilWhitespace();
    if (this.cur === NL) return;
    if (keyword === undefined) {
      // A plain comment: jump to its end (a textfile may hold megabytes of them).
      const nl = this.bytes.indexOf(NL, this.pos - 1);
      if (nl < 0) {
        this.pos = this.bytes.length;
        throw new EndOfInput();
      }
      this.pos = nl + 1;
      this.cur = NL;
      return;
    }
    this.skipBlankTab();
    const name = this.nameToken("metric");
    if (this.cur === NL) return;
    if (!isBlank(this.cur)) this.fail("invalid metric name in comment");
    const { family } = this.resolve(name);
    this.skipBlankTab();
    if (this.cur === NL) return;
    if (keyword === "HELP") {
      if (family.help !== undefined) this.fail(`second HELP line for metric name ${goQuote(family.name)}`);
      family.help = this.tokenUntilNewline(true);
      return;
    }
    if (family.type !== undefined) {
      this.fail(`second TYPE line for metric name ${goQuote(family.name)}, or TYPE reported after samples`);
    }
    const typeName = this.tokenUntilNewline(false);
    const upper = typeName.toUpperCase();
    // v0.59 also knows GAUGE_HISTOGRAM but cannot parse its samples (they come
    // out without values and later break the scrape), so it is refused there.
    // v0.67 reads them as histograms, which is how they are kept and served.
    const type = this.floatHistograms && (upper === "GAUGE_HISTOGRAM" || upper === "GAUGEHISTOGRAM") ? "histogram" : TYPE_NAMES[upper];
    if (type === undefined) this.fail(`unknown metric type ${goQuote(typeName)}`);
    family.type = type;
  }

  private sample(inBraces: boolean): boolean {
    let target: Target | undefined;
    if (!inBraces) {
      const name = this.nameToken("metric");
      if (name.length === 0) this.fail("invalid metric name");
      target = this.resolve(name);
      target.family.type ??= "untyped";
      this.skipBlankTabIfCurrent();
    }
    const line: SampleLine = { inBraces, target, labels: [], names: undefined, quantile: Number.NaN, bucket: Number.NaN };
    if (this.cur === LBRACE && !this.labelList(line, this.deadline)) {
      this.pending = line;
      return false;
    }
    this.endSample(line);
    return true;
  }

  /**
   * The label pairs of a sample line, with cur on '{' or ',' before each.
   * Returns false, between two labels, when the deadline has passed: a line
   * with 100,000 labels then takes several turns.
   */
  private labelList(line: SampleLine, deadline: number): boolean {
    const { inBraces, labels } = line;
    for (let n = 1; ; n++) {
      // Counted per call, so that every turn reads some labels.
      if ((n & 1023) === 0 && deadline !== Infinity && performance.now() > deadline) return false;
      this.skipBlankTab();
      if (this.cur === RBRACE) break;
      const labelName = this.nameToken("label");
      const familyName = line.target?.family.name ?? "";
      if (labelName.length === 0) this.fail(`invalid label name for metric ${goQuote(familyName)}`);
      this.skipBlankTabIfCurrent();
      if (this.cur !== EQUALS) {
        // A line starting with '{' may name its metric as a bare (quoted) token.
        if (inBraces) {
          if (line.target !== undefined) this.fail(`multiple metric names for metric ${goQuote(familyName)}`);
          if (this.cur === COMMA || this.cur === RBRACE) {
            line.target = this.resolve(labelName);
            line.target.family.type ??= "untyped";
            if (this.cur === RBRACE) break;
            continue;
          }
          this.fail(`unexpected end of metric name ${goQuoteByte(this.cur)}`);
        }
        this.fail(`expected '=' after label name, found ${goQuoteByte(this.cur)}`);
      }
      if (labelName === "__name__") this.fail(`label name "__name__" is reserved`);
      this.checkName("label", labelName);
      const type = line.target?.family.type;
      const special = (type === "summary" && labelName === "quantile") || (type === "histogram" && labelName === "le");
      if (!special) {
        // A scan for the usual few labels, a set beyond: a series with 100,000 labels stays linear.
        let dup: boolean;
        if (line.names !== undefined) dup = line.names.has(labelName);
        else {
          dup = labels.some(([n]) => n === labelName);
          if (labels.length >= 16) line.names = new Set(labels.map(([n]) => n));
        }
        if (dup) this.fail(`duplicate label names for metric ${goQuote(familyName)}`);
        line.names?.add(labelName);
      }
      this.skipBlankTab();
      if (this.cur !== QUOTE) this.fail(`expected '"' at start of label value, found ${goQuoteByte(this.cur)}`);
      const value = this.labelValue();
      if (special) {
        const v = parseTextFloat(value);
        if (v === undefined) this.fail(`expected float as value for '${labelName}' label, got ${goQuote(value)}`);
        if (labelName === "quantile") line.quantile = v;
        else line.bucket = v;
      } else {
        labels.push([labelName, value]);
      }
      this.skipBlankTab();
      if (this.cur === COMMA) continue;
      if (this.cur === RBRACE) {
        // Go would fall back to the previous line's family here (or crash);
        // a line without a metric name is simply invalid.
        if (line.target === undefined) this.fail("invalid metric name");
        break;
      }
      this.fail(`unexpected end of label value ${goQuote(value)}`);
    }
    if (line.target === undefined) this.fail("invalid metric name");
    this.skipBlankTab();
    return true;
  }

  /** A histogram count or bucket: uint64 in v0.59; in v0.67 a float unless whole, never negative. */
  private histogramCount(v: number, what: string, name: string): number {
    if (!this.floatHistograms) return toUint64(v);
    // Go: value == float64(uint64(value)) keeps the integer; -0 is 0.
    if (Number.isInteger(v) && v >= 0 && v < 2 ** 64) return v === 0 ? 0 : v;
    if (v < 0) this.fail(`negative ${what} for histogram ${goQuote(name)}`);
    return v;
  }

  private endSample(line: SampleLine): void {
    if (line.target === undefined) this.fail("invalid metric name");
    this.value(line.target, line.labels, line.quantile, line.bucket);
  }

  private value(target: Target, pairs: [string, string][], quantile: number, bucket: number): void {
    if (++this.samples > this.maxSamples) throw new SampleLimitError(this.maxSamples);
    const { family } = target;
    const type = family.type ?? "untyped";
    let metric: Metric;
    if (type === "summary" || type === "histogram") {
      const key = labelSignature(family.name, pairs);
      const existing = this.compound.get(key);
      if (existing) metric = existing;
      else {
        metric = { labels: toLabels(pairs) };
        this.compound.set(key, metric);
        family.metrics.push(metric);
      }
    } else {
      metric = { labels: toLabels(pairs) };
      family.metrics.push(metric);
    }
    const token = this.tokenUntilWhitespace();
    const v = parseTextFloat(token);
    if (v === undefined) this.fail(`expected float as value, got ${goQuote(token)}`);
    if (type === "summary") {
      metric.summary ??= { sampleCount: 0, sampleSum: 0, quantiles: [] };
      if (target.isCount) metric.summary.sampleCount = toUint64(v);
      else if (target.isSum) metric.summary.sampleSum = v;
      else if (!Number.isNaN(quantile)) metric.summary.quantiles.push({ quantile, value: v });
    } else if (type === "histogram") {
      metric.histogram ??= { sampleCount: 0, sampleSum: 0, buckets: [] };
      if (target.isCount) metric.histogram.sampleCount = this.histogramCount(v, "count", family.name);
      else if (target.isSum) metric.histogram.sampleSum = v;
      else if (!Number.isNaN(bucket)) {
        metric.histogram.buckets.push({ upperBound: bucket, cumulativeCount: this.histogramCount(v, "bucket population", family.name) });
      }
    } else {
      metric.value = v;
    }
    if (this.cur === NL) return;
    this.skipBlankTab();
    const tsToken = this.tokenUntilWhitespace();
    const ts = parseInt64(tsToken);
    if (ts === undefined) this.fail(`expected integer as timestamp, got ${goQuote(tsToken)}`);
    metric.timestampMs = ts;
    const rest = this.tokenUntilNewline(false);
    if (rest.length > 0) this.fail(`spurious string after timestamp: ${goQuote(rest)}`);
  }
}

function toLabels(pairs: [string, string][]): Labels {
  const labels: Labels = {};
  for (const [n, v] of pairs) {
    // Plain assignment to "__proto__" would be dropped, and it is a valid label name.
    if (n === "__proto__") Object.defineProperty(labels, n, { value: v, enumerable: true, writable: true, configurable: true });
    else labels[n] = v;
  }
  return labels;
}
