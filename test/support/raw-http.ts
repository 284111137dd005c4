// Raw HTTP exchanges for what fetch cannot send (HTTP/1.0 without a Host
// header): writes the bytes, returns everything the server writes until it
// closes the connection.

export function rawExchange(base: string, request: string): Promise<string> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no close after: ${JSON.stringify(out)}`)), 5000);
    Bun.connect({
      hostname: url.hostname,
      port: Number(url.port),
      socket: {
        open: (s) => void s.write(request),
        data: (_s, d) => void (out += new TextDecoder().decode(d)),
        close: () => {
          clearTimeout(timer);
          resolve(out);
        },
        error: (_s, err) => reject(err),
      },
    });
  });
}
