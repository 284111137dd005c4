// Compiles a regular expression given on node_exporter's command line. Go's
// RE2 syntax is close to JavaScript's; the difference users actually write is
// a leading flag group such as "(?i)", which JavaScript only takes as a flag.

const LEADING_FLAGS = /^\(\?([imsU]+)\)/;

export function compileGoRegexp(pattern: string, what: string): RegExp {
  let source = pattern;
  let flags = "";
  const m = LEADING_FLAGS.exec(source);
  if (m) {
    source = source.slice(m[0].length);
    for (const f of m[1]) if (f !== "U" && !flags.includes(f)) flags += f;
  }
  // RE2's \z (end of text) is JavaScript's $ without the m flag.
  source = source.replaceAll("\\z", "$");
  try {
    return new RegExp(source, flags);
  } catch (err) {
    throw new Error(`${what}: invalid regular expression "${pattern}": ${(err as Error).message}`, { cause: err });
  }
}
