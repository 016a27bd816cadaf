import { Injectable } from '@nestjs/common';

export interface OutboxHandlerContext {
  id: string;
  kind: string;
  /** 1 on the first try. */
  attempt: number;
  /** Aborted at the kind's timeout, or when the node shuts down: stop and throw. */
  signal: AbortSignal;
}

/** Runs one row. Resolve: done. Throw: retried with backoff (OutboxPermanentError: parked at once). */
export type OutboxHandler<P = unknown> = (payload: P, context: OutboxHandlerContext) => Promise<void>;

export interface OutboxHandlerOptions {
  /** Longest one try may take (default 30 s); must be shorter than PARLEY_OUTBOX_LEASE_MS. */
  timeoutMs?: number;
}

export interface RegisteredHandler {
  run: OutboxHandler;
  timeoutMs: number;
}

/** A failure that retrying cannot heal (the target was deleted, the payload is invalid): park at once. */
export class OutboxPermanentError extends Error {}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * kind → handler. Features register theirs in `onModuleInit`; the worker starts after that
 * (`onApplicationBootstrap`) and claims only kinds this node can run, so a row of a kind an
 * older node does not know waits for a node that does.
 */
@Injectable()
export class OutboxHandlers {
  private readonly handlers = new Map<string, RegisteredHandler>();

  register<P>(kind: string, handler: OutboxHandler<P>, options: OutboxHandlerOptions = {}): void {
    if (this.handlers.has(kind)) throw new Error(`outbox kind "${kind}" has a handler already`);
    this.handlers.set(kind, {
      run: handler as OutboxHandler,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
  }

  get(kind: string): RegisteredHandler | undefined {
    return this.handlers.get(kind);
  }

  kinds(): string[] {
    return [...this.handlers.keys()];
  }
}
