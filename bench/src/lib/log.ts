/** The bench's progress lines, each stamped with the seconds since the run started. */
export const started = performance.now();

export const log = (line: string) =>
  console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}`);
