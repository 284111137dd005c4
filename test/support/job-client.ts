// Running dist/mon run / mon push to completion, and a recorder that stands in
// for a gateway when a test must see exactly what arrived (or that nothing did).

import { MON_BINARY } from "./spawn-mon.ts";

export interface JobResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function monJob(
  args: string[],
  opts: { stdin?: string; env?: Record<string, string>; cwd?: string } = {},
): Promise<JobResult> {
  const env: Record<string, string | undefined> = { ...process.env, MON_GATEWAY: undefined, MON_TEXTFILE_DIR: undefined, ...opts.env };
  const proc = Bun.spawn([MON_BINARY, ...args], {
    stdin: opts.stdin === undefined ? "ignore" : new TextEncoder().encode(opts.stdin),
    stdout: "pipe",
    stderr: "pipe",
    env,
    cwd: opts.cwd,
  });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, stdout, stderr };
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: string;
}

export interface Recorder {
  url: string;
  requests: RecordedRequest[];
  stop(): void;
}

/** An in-process HTTP server on a port the kernel picked; answers 200 (or `status`) and records each request. */
export function startRecorder(status = 200): Recorder {
  const requests: RecordedRequest[] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const raw = new Uint8Array(await req.arrayBuffer());
      const gz = req.headers.get("content-encoding") === "gzip";
      const body = new TextDecoder().decode(gz && raw.length > 0 ? Bun.gunzipSync(raw) : raw);
      requests.push({ method: req.method, path: new URL(req.url).pathname, body });
      return new Response(status === 200 ? "" : "refused\n", { status });
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, requests, stop: () => server.stop(true) };
}
