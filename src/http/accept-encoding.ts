// Content negotiation for compressed /metrics answers, shared by both modes.

/** Accept-Encoding allows gzip (with a non-zero q). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(",").some((part) => {
    const [enc, ...params] = part.trim().split(";");
    if (enc.trim().toLowerCase() !== "gzip") return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}
