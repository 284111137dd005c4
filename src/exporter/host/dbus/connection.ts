// A small D-Bus connection over a unix socket (Bun.connect): SASL EXTERNAL,
// Hello, pipelined method calls matched to replies by serial, and answering
// incoming method calls (which the tests' stand-in services use).

import type { Socket } from "bun";
import { parseBusAddress } from "./address.ts";
import { externalAuthLine, parseAuthReply } from "./auth.ts";
import type { DbusValue } from "./marshal.ts";
import { type DbusMessage, MessageType, NO_REPLY_EXPECTED, decodeMessage, encodeMessage, messageLength } from "./message.ts";

/** An ERROR reply, or a local failure named like one. */
export class DbusError extends Error {
  constructor(
    readonly errorName: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${errorName}: ${message}`, options);
    this.name = "DbusError";
  }
}

export interface CallParams {
  destination?: string;
  path: string;
  interface?: string;
  member: string;
  signature?: string;
  body?: DbusValue[];
}

export interface Reply {
  signature: string;
  body: DbusValue[];
}

/** Answers an incoming method call; throw a DbusError to send an error reply. */
export type MethodHandler = (call: DbusMessage) => Reply | Promise<Reply>;

export interface ConnectOptions {
  /** Send org.freedesktop.DBus.Hello; false when talking to a peer (systemd's private socket), not a bus. */
  hello?: boolean;
  uid?: number;
  /** Limit for connecting, authenticating and each call; 0 waits forever. */
  timeoutMs?: number;
  /**
   * Calls awaiting a reply at once; more wait their turn. The system bus
   * refuses a connection more than max_replies_per_connection (128) pending.
   */
  maxInFlight?: number;
}

interface Pending {
  resolve: (m: DbusMessage) => void;
  reject: (e: Error) => void;
  timer?: ReturnType<typeof setTimeout>;
  what: string;
}

const BUS = { destination: "org.freedesktop.DBus", path: "/org/freedesktop/DBus", interface: "org.freedesktop.DBus" };

export class DbusConnection {
  private socket?: Socket<undefined>;
  private readonly pending = new Map<number, Pending>();
  private serial = 0;
  private authLine = "";
  private authWaiter?: { resolve: (line: string) => void; reject: (e: Error) => void };
  private authenticated = false;
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  private unsent: Uint8Array[] = [];
  private closedError?: Error;
  private handler?: MethodHandler;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  /** The unique name the bus gave us in answer to Hello, e.g. ":1.42". */
  uniqueName?: string;

  private constructor(
    private readonly timeoutMs: number,
    private readonly maxInFlight: number,
    readonly address: string,
  ) {}

  /** Connects to the first reachable socket of the address, authenticates and (by default) says Hello. */
  static async open(address: string, opts: ConnectOptions = {}): Promise<DbusConnection> {
    const conn = new DbusConnection(opts.timeoutMs ?? 30_000, Math.max(1, opts.maxInFlight ?? 32), address);
    let lastError: unknown;
    for (const a of parseBusAddress(address)) {
      try {
        await conn.dial(a.socketPath);
        lastError = undefined;
        break;
      } catch (err) {
        lastError = err;
      }
    }
    if (lastError !== undefined) {
      const e = lastError as NodeJS.ErrnoException;
      const code = e.code && !e.message.includes(e.code) ? ` (${e.code})` : "";
      throw new DbusError("mon.Error.Connect", `cannot connect to ${address}: ${e.message}${code}`, { cause: lastError });
    }
    try {
      await conn.authenticate(opts.uid ?? process.getuid?.() ?? 0);
      if (opts.hello !== false) {
        const reply = await conn.call({ ...BUS, member: "Hello" });
        conn.uniqueName = String(reply.body[0]);
      }
    } catch (err) {
      conn.close();
      throw err;
    }
    return conn;
  }

  private async dial(socketPath: string): Promise<void> {
    this.socket = await Bun.connect({
      unix: socketPath,
      socket: {
        data: (_s, data) => this.onData(data),
        drain: () => this.flush(),
        close: () => this.fail(new DbusError("mon.Error.Disconnected", `connection to ${this.address} closed`)),
        error: (_s, err) => this.fail(new DbusError("mon.Error.Disconnected", `connection to ${this.address}: ${err.message}`, { cause: err })),
      },
    });
  }

  private async authenticate(uid: number): Promise<void> {
    const line = this.withTimeout(
      new Promise<string>((resolve, reject) => {
        this.authWaiter = { resolve, reject };
      }),
      "authentication",
    );
    this.write(Buffer.from(`\0${externalAuthLine(uid)}`, "latin1"));
    const reply = parseAuthReply(await line);
    if (!reply.ok) throw new DbusError("mon.Error.Auth", `authentication with ${this.address} failed: ${reply.reason}`);
    this.write(Buffer.from("BEGIN\r\n", "latin1"));
    this.authenticated = true;
    // The server sends nothing after OK until it has seen BEGIN, but be safe.
    if (this.buffered > 0) this.drainMessages();
  }

  private withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
    if (this.timeoutMs <= 0) return p;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DbusError("mon.Error.Timeout", `${what} on ${this.address}: no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
  }

  /** Sets the handler for incoming method calls; without one they get UnknownMethod. */
  handle(handler: MethodHandler): void {
    this.handler = handler;
  }

  /** Sends a method call and resolves with the METHOD_RETURN; an ERROR reply rejects with DbusError. */
  async call(p: CallParams): Promise<DbusMessage> {
    // A finishing call hands its slot straight to the next waiter.
    if (this.inFlight >= this.maxInFlight) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.inFlight++;
    try {
      return await this.send(p);
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.inFlight--;
    }
  }

  private send(p: CallParams): Promise<DbusMessage> {
    if (this.closedError) return Promise.reject(this.closedError);
    const serial = this.nextSerial();
    const what = `${p.interface ? `${p.interface}.` : ""}${p.member} on ${p.destination ?? ""}${p.path}`;
    let bytes: Uint8Array;
    try {
      bytes = encodeMessage({
        type: MessageType.MethodCall,
        flags: 0,
        serial,
        destination: p.destination,
        path: p.path,
        interface: p.interface,
        member: p.member,
        signature: p.signature ?? "",
        body: p.body ?? [],
      });
    } catch (err) {
      return Promise.reject(new DbusError("mon.Error.Marshal", `${what}: ${(err as Error).message}`, { cause: err }));
    }
    return new Promise<DbusMessage>((resolve, reject) => {
      const entry: Pending = { resolve, reject, what };
      if (this.timeoutMs > 0) {
        entry.timer = setTimeout(() => {
          this.pending.delete(serial);
          reject(new DbusError("mon.Error.Timeout", `${what}: no reply within ${this.timeoutMs} ms`));
        }, this.timeoutMs);
      }
      this.pending.set(serial, entry);
      this.write(bytes);
    });
  }

  /** org.freedesktop.DBus.RequestName with DO_NOT_QUEUE; resolves with the bus's answer code (1 = primary owner). */
  async requestName(name: string): Promise<number> {
    const r = await this.call({ ...BUS, member: "RequestName", signature: "su", body: [name, 0x4] });
    return r.body[0] as number;
  }

  close(): void {
    this.fail(new DbusError("mon.Error.Disconnected", `connection to ${this.address} closed`));
  }

  get closed(): boolean {
    return this.closedError !== undefined;
  }

  private nextSerial(): number {
    this.serial = this.serial >= 0xffffffff ? 1 : this.serial + 1;
    return this.serial;
  }

  private write(bytes: Uint8Array): void {
    if (this.closedError || !this.socket) return;
    if (this.unsent.length > 0) {
      this.unsent.push(bytes);
      return;
    }
    const n = this.socket.write(bytes);
    if (n < bytes.length) this.unsent.push(bytes.subarray(Math.max(n, 0)));
  }

  private flush(): void {
    while (this.unsent.length > 0 && this.socket && !this.closedError) {
      const head = this.unsent[0];
      const n = this.socket.write(head);
      if (n < head.length) {
        this.unsent[0] = head.subarray(Math.max(n, 0));
        return;
      }
      this.unsent.shift();
    }
  }

  private fail(err: Error): void {
    if (this.closedError) return;
    this.closedError = err;
    this.authWaiter?.reject(err);
    this.authWaiter = undefined;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new DbusError((err as DbusError).errorName ?? "mon.Error.Disconnected", `${p.what}: ${err.message}`, { cause: err }));
    }
    this.pending.clear();
    this.unsent = [];
    this.socket?.end();
  }

  private onData(data: Uint8Array): void {
    if (this.closedError) return;
    if (!this.authenticated && this.authWaiter) {
      // Authentication lines are ASCII; anything after the CRLF is message data.
      const text = Buffer.from(data).toString("latin1");
      const crlf = (this.authLine + text).indexOf("\r\n");
      if (crlf === -1) {
        this.authLine += text;
        if (this.authLine.length > 16 * 1024) this.fail(new DbusError("mon.Error.Auth", "authentication line too long"));
        return;
      }
      const all = this.authLine + text;
      const rest = Buffer.from(all.slice(crlf + 2), "latin1");
      if (rest.length > 0) this.pushChunk(new Uint8Array(rest));
      const waiter = this.authWaiter;
      this.authWaiter = undefined;
      waiter.resolve(all.slice(0, crlf));
      return;
    }
    // Bun may reuse the buffer it hands us, so keep a copy.
    this.pushChunk(new Uint8Array(data));
    if (this.authenticated) this.drainMessages();
  }

  private pushChunk(c: Uint8Array): void {
    this.chunks.push(c);
    this.buffered += c.length;
  }

  private drainMessages(): void {
    try {
      for (;;) {
        if (this.buffered < 16) return;
        if (this.chunks.length > 1 && this.chunks[0].length < 16) this.coalesce();
        const total = messageLength(this.chunks[0]);
        if (total === undefined || this.buffered < total) return;
        if (this.chunks[0].length < total) this.coalesce();
        const head = this.chunks[0];
        const msg = decodeMessage(head.subarray(0, total));
        if (head.length === total) this.chunks.shift();
        else this.chunks[0] = head.subarray(total);
        this.buffered -= total;
        this.dispatch(msg);
      }
    } catch (err) {
      this.fail(new DbusError("mon.Error.Protocol", `malformed message from ${this.address}: ${(err as Error).message}`, { cause: err }));
    }
  }

  private coalesce(): void {
    const all = new Uint8Array(this.buffered);
    let o = 0;
    for (const c of this.chunks) {
      all.set(c, o);
      o += c.length;
    }
    this.chunks = [all];
  }

  private dispatch(msg: DbusMessage): void {
    if (msg.type === MessageType.MethodReturn || msg.type === MessageType.Error) {
      const p = this.pending.get(msg.replySerial ?? 0);
      if (!p) return;
      this.pending.delete(msg.replySerial ?? 0);
      clearTimeout(p.timer);
      if (msg.type === MessageType.MethodReturn) p.resolve(msg);
      else {
        const text = typeof msg.body[0] === "string" ? msg.body[0] : "";
        p.reject(new DbusError(msg.errorName ?? "", `${p.what}: ${text}`));
      }
      return;
    }
    if (msg.type === MessageType.MethodCall) void this.answer(msg);
  }

  private async answer(call: DbusMessage): Promise<void> {
    let reply: DbusMessage;
    const base = { flags: NO_REPLY_EXPECTED, serial: 0, replySerial: call.serial, destination: call.sender };
    try {
      if (!this.handler) {
        throw new DbusError("org.freedesktop.DBus.Error.UnknownMethod", `no handler for ${call.interface}.${call.member}`);
      }
      const r = await this.handler(call);
      reply = { ...base, type: MessageType.MethodReturn, signature: r.signature, body: r.body };
      reply.serial = this.nextSerial();
      if (call.flags & NO_REPLY_EXPECTED) return;
      this.write(encodeMessage(reply));
    } catch (err) {
      if (call.flags & NO_REPLY_EXPECTED) return;
      const name = err instanceof DbusError ? err.errorName : "org.freedesktop.DBus.Error.Failed";
      const text = err instanceof DbusError ? err.message.slice(err.errorName.length + 2) : String((err as Error)?.message ?? err);
      reply = { ...base, type: MessageType.Error, errorName: name, signature: "s", body: [text], serial: this.nextSerial() };
      this.write(encodeMessage(reply));
    }
  }
}
