// Where the routes send a mutation: the log that orders it before it is
// applied. A single node applies it at once (DirectLog) and, with a
// persistence file, answers once its record is on disk (persistence.ts); a
// cluster replica appends it to the shared Redis stream and answers with the
// verdict its own replay gave (cluster/redis-log.ts). The routes see only
// this interface.

import type { Mutation, Verdict } from "./mutation-codec.ts";
import type { GatewayStore } from "./state.ts";

export interface MutationLog {
  /**
   * Orders m, applies it and resolves with its verdict. Rejects with
   * LogUnavailableError when m could not be logged: nothing was applied
   * (a single node whose disk failed may hold m in memory, not on disk).
   */
  submit(m: Mutation): Promise<Verdict>;
}

/** The log could not take a mutation (its store is unreachable); the request should be retried later. */
export class LogUnavailableError extends Error {
  constructor(
    message: string,
    /** The Retry-After to answer with, in seconds. */
    readonly retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "LogUnavailableError";
  }
}

/** A single node: the store itself is the order. */
export class DirectLog implements MutationLog {
  constructor(private readonly store: GatewayStore) {}

  submit(m: Mutation): Promise<Verdict> {
    return Promise.resolve(this.store.apply(m));
  }
}
