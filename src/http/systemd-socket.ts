// --web.systemd-socket: serve on the listening sockets systemd passes by
// socket activation (LISTEN_PID, LISTEN_FDS, fds from 3 on), as
// go-systemd's activation.Listeners does for the reference programs.
//
// Bun.serve cannot take an inherited fd (it ignores an `fd` option and binds
// a port of its own), but Bun.listen can. So each inherited socket gets a
// Bun.listen that pipes every connection, byte for byte, to the real
// Bun.serve listening on a unix socket in a private (0700) folder. TLS, HTTP/2
// and the web config all stay on that Bun.serve, unchanged. The cost: one
// extra copy of each byte, and the handlers do not see the peer's address.

export const LISTEN_FDS_START = 3;

export interface ActivationEnv {
  LISTEN_PID?: string;
  LISTEN_FDS?: string;
}

/** The inherited fds, when the variables are meant for this process; none otherwise. */
export function activationFds(env: ActivationEnv, pid: number): number[] {
  if (!/^\d+$/.test(env.LISTEN_PID ?? "") || Number(env.LISTEN_PID) !== pid) return [];
  if (!/^\d+$/.test(env.LISTEN_FDS ?? "")) return [];
  const n = Number(env.LISTEN_FDS);
  return Array.from({ length: n }, (_, i) => LISTEN_FDS_START + i);
}

/** Reads the fds and, as go-systemd does, unsets the variables so no child inherits them. */
export function takeActivationFds(): number[] {
  const { LISTEN_PID, LISTEN_FDS } = process.env;
  const fds = activationFds({ LISTEN_PID, LISTEN_FDS }, process.pid);
  for (const name of ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"]) delete process.env[name];
  return fds;
}

type Sock = Bun.Socket<Conn>;

/** One direction of a piped connection: queues what the target cannot take yet and pauses the source meanwhile. */
class Pump {
  private queue: Uint8Array[] = [];
  private target: Sock | undefined;
  private ending = false;

  constructor(private readonly source: () => Sock | undefined) {}

  attach(target: Sock): void {
    this.target = target;
    this.flush();
  }

  push(chunk: Uint8Array): void {
    // Copy: the chunk's memory is only valid during the data callback.
    this.queue.push(new Uint8Array(chunk));
    this.flush();
  }

  end(): void {
    this.ending = true;
    this.flush();
  }

  flush(): void {
    const t = this.target;
    if (!t) {
      if (this.queue.length > 0) this.source()?.pause();
      return;
    }
    while (this.queue.length > 0) {
      const head = this.queue[0];
      const n = t.write(head);
      if (n < 0) {
        this.queue = [];
        return;
      }
      if (n < head.byteLength) {
        this.queue[0] = head.subarray(n);
        this.source()?.pause();
        return;
      }
      this.queue.shift();
    }
    this.source()?.resume();
    if (this.ending) t.end();
  }
}

interface Conn {
  client: Sock;
  upstream?: Sock;
  clientClosed?: boolean;
  toUpstream: Pump;
  toClient: Pump;
}

/** Bun.listen takes an inherited listening socket as `fd`; bun-types only list hostname/port and unix. */
interface FdListenOptions extends Bun.SocketOptions<Conn> {
  fd: number;
}

export interface InheritedListener {
  fd: number;
  stop(): void;
}

/** Pipes every connection accepted on `fd` to the HTTP server on the unix socket `unixPath`. */
export function pipeInheritedSocket(fd: number, unixPath: string): InheritedListener {
  let listener: Bun.SocketListener<Conn>;
  try {
    listener = Bun.listen<Conn>({
      fd,
      socket: {
        open(client) {
          const conn: Conn = {
            client,
            toUpstream: new Pump(() => conn.client),
            toClient: new Pump(() => conn.upstream),
          };
          conn.toClient.attach(client);
          client.data = conn;
          Bun.connect<Conn>({
            unix: unixPath,
            data: conn,
            socket: {
              open(up) {
                conn.upstream = up;
                // The client may have gone while this connection was being made.
                if (conn.clientClosed) up.end();
                else conn.toUpstream.attach(up);
              },
              data(_up, chunk) {
                conn.toClient.push(chunk);
              },
              drain() {
                conn.toUpstream.flush();
              },
              close() {
                conn.toClient.end();
              },
              connectError() {
                client.end();
              },
              error() {
                client.end();
              },
            },
          }).catch(() => client.end());
        },
        data(client, chunk) {
          client.data.toUpstream.push(chunk);
        },
        drain(client) {
          client.data.toClient.flush();
        },
        close(client) {
          if (!client.data) return;
          client.data.clientClosed = true;
          client.data.upstream?.end();
        },
        error(client) {
          if (!client.data) return;
          client.data.clientClosed = true;
          client.data.upstream?.end();
        },
      },
    } satisfies FdListenOptions as unknown as Bun.TCPSocketListenOptions<Conn>);
  } catch (err) {
    throw new Error(`cannot listen on systemd socket fd ${fd}: ${(err as Error).message}`, { cause: err });
  }
  return { fd, stop: () => listener.stop() };
}
