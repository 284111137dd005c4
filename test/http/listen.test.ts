import { describe, expect, test } from "bun:test";
import { listenWeb } from "../../src/http/listen.ts";
import { silentLogger } from "../../src/telemetry/logger.ts";
import { rawExchange } from "../support/raw-http.ts";

describe("listenWeb", () => {
  test("an HTTP/1.0 request without Host reaches the handler with an absolute URL", async () => {
    const seen: string[] = [];
    const listening = listenWeb(
      { listenAddresses: ["127.0.0.1:0"], systemdSocket: false, webConfigFile: "", logger: silentLogger },
      async (req) => {
        seen.push(new URL(req.url).pathname);
        return new Response(`${req.method} ${new URL(req.url).search} ${JSON.stringify(await req.text())}\n`);
      },
    );
    try {
      const port = listening.servers[0].port as number;
      const answer = await rawExchange(`http://127.0.0.1:${port}`, "GET /-/healthy?x=1 HTTP/1.0\r\n\r\n");
      expect(answer).toStartWith("HTTP/1.1 200 OK\r\n");
      expect(answer).toEndWith('\r\n\r\nGET ?x=1 ""\n');
      const post = await rawExchange(`http://127.0.0.1:${port}`, "POST /metrics/job/a HTTP/1.0\r\nContent-Length: 4\r\n\r\nx 1\n");
      expect(post).toStartWith("HTTP/1.1 200 OK\r\n");
      expect(post).toEndWith('\r\n\r\nPOST  "x 1\\n"\n');
      expect(seen).toEqual(["/-/healthy", "/metrics/job/a"]);
    } finally {
      await listening.stop();
    }
  });
});
