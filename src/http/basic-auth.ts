// HTTP basic auth against the bcrypt hashes of a web config's
// basic_auth_users, as exporter-toolkit's web handler does it:
// - an unknown user is checked against a fixed hash, so that timing does not
//   tell which user names exist;
// - outcomes (good and bad) are cached, so that a scraper does not pay one
//   bcrypt per request; the key is a SHA-256 of user, hash and password (not
//   the password itself, which upstream keeps in its key);
// - bcrypt runs one at a time, as it is CPU-heavy;
// - the cache holds 100 entries and, when full, drops a random tenth.

const CACHE_SIZE = 100;

// bcrypt (cost 10, as a typical configured hash) of a random string nobody
// knows; checked for unknown users only to spend the same time.
const DECOY_HASH = "$2b$10$gDkYhEPwZhNpG5eT/q0KiOKZtp2XJXqt4K8jjWNTQROpA4A4vdMDq";

// bcrypt reads at most 72 bytes of a password, and Go's implementation
// ignores the rest. Bun would instead pre-hash a longer password with
// SHA-512, which no hash made by htpasswd or Go would match.
const BCRYPT_MAX_PASSWORD = 72;

export interface Credentials {
  user: string;
  password: Uint8Array;
}

/** Go's Request.BasicAuth: "Basic " (any case), standard base64 with padding, user:password. */
export function parseBasicAuth(header: string | null | undefined): Credentials | undefined {
  if (!header || header.length < 6 || header.slice(0, 6).toLowerCase() !== "basic ") return undefined;
  const b64 = header.slice(6);
  if (b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) return undefined;
  const bytes = Buffer.from(b64, "base64");
  const colon = bytes.indexOf(0x3a);
  if (colon < 0) return undefined;
  return {
    user: new TextDecoder().decode(bytes.subarray(0, colon)),
    password: new Uint8Array(bytes.subarray(colon + 1)),
  };
}

export type HashVerifier = (password: Uint8Array, hash: string) => Promise<boolean>;

const bunVerify: HashVerifier = (password, hash) => Bun.password.verify(password, hash, "bcrypt");

function cacheKey(user: string, hash: string, password: Uint8Array): string {
  const h = new Bun.CryptoHasher("sha256");
  // Length prefixes keep ("ab","c") and ("a","bc") apart.
  for (const part of [Buffer.from(user), Buffer.from(hash), password]) {
    h.update(`${part.length}:`);
    h.update(part);
  }
  return h.digest("hex");
}

export interface BasicAuthOptions {
  /** Tests pass a counting or fake verifier. */
  verify?: HashVerifier;
  cacheSize?: number;
  random?: () => number;
}

export class BasicAuthChecker {
  private readonly verify: HashVerifier;
  private readonly maxEntries: number;
  private readonly random: () => number;
  private readonly cache = new Map<string, boolean>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(opts: BasicAuthOptions = {}) {
    this.verify = opts.verify ?? bunVerify;
    this.maxEntries = opts.cacheSize ?? CACHE_SIZE;
    this.random = opts.random ?? Math.random;
  }

  get cachedEntries(): number {
    return this.cache.size;
  }

  /** True when the Authorization header names a user of `users` with the right password. */
  async allowed(authorization: string | null | undefined, users: ReadonlyMap<string, string>): Promise<boolean> {
    const creds = parseBasicAuth(authorization);
    if (!creds) return false;
    const known = users.get(creds.user);
    const hash = known ?? DECOY_HASH;
    const password = creds.password.subarray(0, BCRYPT_MAX_PASSWORD);
    const key = cacheKey(creds.user, hash, password);
    let ok = this.cache.get(key);
    if (ok === undefined) {
      ok = await this.serialized(() => this.verify(password, hash).catch(() => false));
      this.remember(key, ok);
    }
    return ok && known !== undefined;
  }

  private serialized<T>(run: () => Promise<T>): Promise<T> {
    const result = this.queue.then(run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private remember(key: string, ok: boolean): void {
    if (this.cache.size >= this.maxEntries) {
      // A tenth at once, so that a full cache does not evict on every request.
      const drop = Math.max(1, Math.floor(this.cache.size / 10));
      const keys = [...this.cache.keys()];
      for (let i = 0; i < drop && keys.length > 0; i++) {
        const at = Math.floor(this.random() * keys.length);
        this.cache.delete(keys[at]);
        keys.splice(at, 1);
      }
    }
    this.cache.set(key, ok);
  }
}

/** Go's http.Error(w, "Unauthorized", 401) with the challenge upstream sends. */
export function unauthorizedResponse(extraHeaders: Record<string, string> = {}): Response {
  return new Response("Unauthorized\n", {
    status: 401,
    headers: {
      ...extraHeaders,
      "WWW-Authenticate": "Basic",
      "Content-Type": "text/plain; charset=utf-8",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
