// IP addresses printed the way Go's net.IP.String prints them, because
// node_exporter puts that text into label values (ipvs, netdev address-info).

/** Dotted quad of 4 bytes. */
export function formatIPv4(b: ArrayLike<number>): string {
  return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
}

/**
 * 16 bytes as RFC 5952 text: the first longest run of two or more zero
 * groups becomes "::"; an IPv4-mapped address (::ffff:a.b.c.d) prints as
 * its dotted quad, as Go does.
 */
export function formatIPv6(b: ArrayLike<number>): string {
  let mapped = b[10] === 0xff && b[11] === 0xff;
  for (let i = 0; i < 10 && mapped; i++) if (b[i] !== 0) mapped = false;
  if (mapped) return formatIPv4([b[12], b[13], b[14], b[15]]);

  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((b[i] << 8) | b[i + 1]);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) return groups.map((g) => g.toString(16)).join(":");
  const head = groups.slice(0, bestStart).map((g) => g.toString(16)).join(":");
  const tail = groups.slice(bestStart + bestLen).map((g) => g.toString(16)).join(":");
  return `${head}::${tail}`;
}

/** Either form by length, as Go's String does for a 4- or 16-byte IP. */
export function formatIP(b: ArrayLike<number>): string {
  if (b.length === 4) return formatIPv4(b);
  if (b.length === 16) return formatIPv6(b);
  return `?${Array.from({ length: b.length }, (_, i) => b[i].toString(16).padStart(2, "0")).join("")}`;
}
