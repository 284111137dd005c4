// The client side of D-Bus SASL authentication, EXTERNAL mechanism only: the
// bus checks our uid from the socket's peer credentials; we state the same uid
// as the hex encoding of its decimal ASCII form ("0" -> "30").

export function externalAuthLine(uid: number): string {
  const hex = Buffer.from(String(uid), "ascii").toString("hex");
  return `AUTH EXTERNAL ${hex}\r\n`;
}

export type AuthReply = { ok: true; guid: string } | { ok: false; reason: string };

/** Interprets the server's one-line answer to AUTH (without the CRLF). */
export function parseAuthReply(line: string): AuthReply {
  const [command, ...rest] = line.split(" ");
  if (command === "OK") {
    const guid = rest[0] ?? "";
    if (!/^[0-9a-fA-F]{32}$/.test(guid)) return { ok: false, reason: `OK without a valid server GUID: "${line}"` };
    return { ok: true, guid };
  }
  if (command === "REJECTED") return { ok: false, reason: `EXTERNAL rejected; server offers: ${rest.join(" ") || "nothing"}` };
  if (command === "ERROR") return { ok: false, reason: `server error: ${rest.join(" ")}` };
  return { ok: false, reason: `unexpected reply "${line}"` };
}
