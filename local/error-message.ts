/**
 * What the console and the CLI print for a caught error: its message (with its name when the
 * kind matters, e.g. a queue's retry line). Handlers log through `functions/common/describe-error.ts`.
 */
export function errorMessage(err: unknown, options: { withName?: boolean } = {}): string {
  if (!(err instanceof Error)) return String(err);
  return options.withName ? `${err.name}: ${err.message}` : err.message;
}
