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
  /** Content-Encoding and Authorization as sent. */
  encoding: string | null;
  auth: string | null;
  /** The body, gunzipped when it came gzipped. */
  body: string;
}

export interface Recorder {
  url: string;
  requests: RecordedRequest[];
  /** Statuses for the next requests, in order; once empty, every answer is the default status. */
  answers: number[];
  stop(): void;
}

/** An in-process HTTP server on a port the kernel picked; answers 200 (or `status`) and records each request. */
export function startRecorder(status = 200): Recorder {
  const requests: RecordedRequest[] = [];
  const answers: number[] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const raw = new Uint8Array(await req.arrayBuffer());
      const encoding = req.headers.get("content-encoding");
      const body = new TextDecoder().decode(encoding === "gzip" && raw.length > 0 ? Bun.gunzipSync(raw) : raw);
      requests.push({ method: req.method, path: new URL(req.url).pathname, encoding, auth: req.headers.get("authorization"), body });
      const answer = answers.shift() ?? status;
      return new Response(answer === 200 ? "" : `refused with ${answer}\n`, { status: answer });
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, requests, answers, stop: () => server.stop(true) };
}
