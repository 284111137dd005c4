// A real headless Chromium for UI tests, driven over the DevTools protocol
// with Bun's own WebSocket (no browser download, no driver library). The
// browser picks its debugging port itself (--remote-debugging-port=0) and
// says which on stderr, so no port is ever guessed.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { programMissing } from "./requirements.ts";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

export function chromiumMissing(): string | undefined {
  return programMissing(CHROMIUM, "apt-get install chromium");
}

type Params = Record<string, unknown>;
interface Pending {
  resolve(v: Params): void;
  reject(e: Error): void;
  method: string;
}

export interface Browser {
  /** A new tab at `url`, loaded; `viewport` in CSS pixels. */
  open(url: string, viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

export interface Page {
  /** A DevTools command in this tab's session. */
  send(method: string, params?: Params): Promise<Params>;
  /** Evaluates an expression in the page (promises awaited) and returns its value as JSON. */
  evaluate<T>(expression: string): Promise<T>;
  /** Resolves with the next event of this name in this tab. */
  next(event: string): Promise<Params>;
  /** Answers every confirm()/alert() with accept and records its message. */
  acceptDialogs(): string[];
  /** Navigates and waits for the load event. */
  goto(url: string): Promise<void>;
  /** A real mouse click in the middle of the first element matching `selector`. */
  click(selector: string): Promise<void>;
  /** PNG of the viewport, or of the whole page with fullPage. */
  screenshot(fullPage?: boolean): Promise<Uint8Array>;
}

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--remote-debugging-address=127.0.0.1",
  "--remote-debugging-port=0",
];

async function devtoolsUrl(proc: Subprocess<"ignore", "ignore", "pipe">): Promise<string> {
  const decoder = new TextDecoder();
  let seen = "";
  const reader = proc.stderr.getReader();
  const deadline = setTimeout(() => proc.kill("SIGKILL"), 30_000);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`chromium exited before listening (code ${proc.exitCode}):\n${seen}`);
      seen += decoder.decode(value, { stream: true });
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
      if (m) return m[1];
    }
  } finally {
    clearTimeout(deadline);
    // Keep draining so a chatty browser never blocks on a full pipe.
    void (async () => {
      try {
        while (!(await reader.read()).done);
      } catch {
        // the browser is gone
      }
    })();
  }
}

export async function launchChromium(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "mon-chromium-"));
  const proc = Bun.spawn([CHROMIUM, ...FLAGS, `--user-data-dir=${profile}`, "about:blank"], {
    stdin: "ignore",
    stdout: "ignore",
    stderr: "pipe",
  });
  const cleanup = async () => {
    proc.kill("SIGKILL");
    await proc.exited;
    rmSync(profile, { recursive: true, force: true });
  };
  let ws: WebSocket;
  try {
    ws = new WebSocket(await devtoolsUrl(proc));
    await new Promise<void>((resolve, reject) => {
      ws.onopen = () => resolve();
      ws.onerror = () => reject(new Error("cannot connect to chromium's DevTools socket"));
    });
  } catch (err) {
    await cleanup();
    throw err;
  }

  let nextId = 1;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, ((p: Params) => void)[]>();
  ws.onmessage = (ev) => {
    const msg = JSON.parse(String(ev.data)) as { id?: number; method?: string; params?: Params; result?: Params; error?: { message: string }; sessionId?: string };
    if (msg.id !== undefined) {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) p?.reject(new Error(`${p.method}: ${msg.error.message}`));
      else p?.resolve(msg.result ?? {});
      return;
    }
    const key = `${msg.sessionId ?? ""}:${msg.method}`;
    for (const l of listeners.get(key) ?? []) l(msg.params ?? {});
  };
  const send = (method: string, params: Params = {}, sessionId?: string): Promise<Params> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject, method });
      ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  const on = (sessionId: string, event: string, l: (p: Params) => void) => {
    const key = `${sessionId}:${event}`;
    listeners.set(key, [...(listeners.get(key) ?? []), l]);
  };

  const open = async (url: string, viewport = { width: 1280, height: 800 }): Promise<Page> => {
    const { targetId } = await send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = (await send("Target.attachToTarget", { targetId, flatten: true })) as { sessionId: string };
    const s = (method: string, params?: Params) => send(method, params, sessionId);
    const next = (event: string) => new Promise<Params>((resolve) => {
      let done = false;
      on(sessionId, event, (p) => {
        if (done) return;
        done = true;
        resolve(p);
      });
    });
    await s("Page.enable");
    await s("Runtime.enable");
    await s("Emulation.setDeviceMetricsOverride", { ...viewport, deviceScaleFactor: 1, mobile: false });
    const page: Page = {
      send: s,
      next,
      async evaluate<T>(expression: string): Promise<T> {
        const r = (await s("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true })) as {
          result: { value?: unknown };
          exceptionDetails?: { text: string; exception?: { description?: string } };
        };
        if (r.exceptionDetails) throw new Error(`in the page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
        return r.result.value as T;
      },
      acceptDialogs() {
        const messages: string[] = [];
        on(sessionId, "Page.javascriptDialogOpening", (p) => {
          messages.push(String(p.message));
          void s("Page.handleJavaScriptDialog", { accept: true });
        });
        return messages;
      },
      async goto(target: string) {
        const loaded = next("Page.loadEventFired");
        const r = (await s("Page.navigate", { url: target })) as { errorText?: string };
        if (r.errorText) throw new Error(`cannot load ${target}: ${r.errorText}`);
        await loaded;
      },
      async click(selector: string) {
        const box = await page.evaluate<{ x: number; y: number } | null>(
          `(() => { const e = document.querySelector(${JSON.stringify(selector)}); if (!e) return null; e.scrollIntoView({ block: "center" }); const r = e.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()`,
        );
        if (!box) throw new Error(`nothing matches ${selector}`);
        for (const type of ["mousePressed", "mouseReleased"]) {
          await s("Input.dispatchMouseEvent", { type, x: box.x, y: box.y, button: "left", clickCount: 1 });
        }
      },
      async screenshot(fullPage = false) {
        let clip: Params | undefined;
        if (fullPage) {
          const m = (await s("Page.getLayoutMetrics")) as { cssContentSize: { width: number; height: number } };
          clip = { x: 0, y: 0, width: m.cssContentSize.width, height: m.cssContentSize.height, scale: 1 };
        }
        const r = (await s("Page.captureScreenshot", { format: "png", captureBeyondViewport: fullPage, ...(clip ? { clip } : {}) })) as {
          data: string;
        };
        return new Uint8Array(Buffer.from(r.data, "base64"));
      },
    };
    await page.goto(url);
    return page;
  };

  return {
    open,
    close: async () => {
      ws.close();
      await cleanup();
    },
  };
}
