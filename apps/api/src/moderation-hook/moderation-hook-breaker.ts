import CircuitBreaker from 'opossum';

export interface BreakerOptions {
  /** Failed calls in a row that open the breaker. */
  failures: number;
  /** How long it stays open before calls may try again (half-open). */
  cooldownMs: number;
}

/** What the breaker reports, for the log. */
export type BreakerState = 'open' | 'half-open' | 'closed';

/**
 * A circuit breaker that opens after `failures` failed calls in a row: opossum (a maintained
 * breaker) keeps the states and the cool-down — open, then half-open after `cooldownMs`, where the
 * first call that succeeds closes it and one that fails opens it again —, and this counts the run
 * of failures, which opossum itself does not (it opens on a failure percentage in a rolling window).
 * While open, `fire` rejects at once without calling: a dead service costs nothing.
 */
export class ConsecutiveFailureBreaker<A extends unknown[], R> {
  private readonly breaker: CircuitBreaker<A, R>;
  private failedInARow = 0;

  constructor(
    action: (...args: A) => Promise<R>,
    options: BreakerOptions,
    onState: (state: BreakerState) => void,
  ) {
    this.breaker = new CircuitBreaker(action, {
      // The action keeps its own deadline (the budget), so opossum's is off.
      timeout: false,
      resetTimeout: options.cooldownMs,
      // Never opens on a percentage (a rate cannot pass 100%): only the run of failures below does.
      errorThresholdPercentage: 100,
      enableSnapshots: false,
    });
    this.breaker.on('success', () => {
      this.failedInARow = 0;
    });
    this.breaker.on('failure', () => {
      this.failedInARow += 1;
      if (this.breaker.closed && this.failedInARow >= options.failures) this.breaker.open();
    });
    this.breaker.on('open', () => onState('open'));
    this.breaker.on('halfOpen', () => onState('half-open'));
    this.breaker.on('close', () => {
      this.failedInARow = 0;
      onState('closed');
    });
  }

  /** Calls the action, or rejects with an `isShortCircuit` error while the breaker is open. */
  fire(...args: A): Promise<R> {
    return this.breaker.fire(...args);
  }

  get state(): BreakerState {
    if (this.breaker.opened) return 'open';
    if (this.breaker.halfOpen) return 'half-open';
    return 'closed';
  }

  /** Stops its timers (at shutdown). */
  shutdown(): void {
    this.breaker.shutdown();
  }
}

/** Whether `fire` refused because the breaker is open (no call was made). */
export function isShortCircuit(error: unknown): boolean {
  return error instanceof Error && (error as Error & { code?: string }).code === 'EOPENBREAKER';
}
