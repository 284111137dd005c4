// A failed sysfs read that keeps the errno code of its cause, so a collector
// can tell "absent" (ENOENT, upstream's ErrNoData) from a real failure.

export class SysfsReadError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    cause: unknown,
  ) {
    super(message, { cause });
  }
}

export function errnoOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException)?.code;
}
