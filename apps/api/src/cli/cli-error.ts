/** A failure the CLI reports as one line on stderr with exit code 1 (no stack: the message says what to do). */
export class CliError extends Error {}

/** An error's message on one line (driver errors can span several). */
export function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
}
