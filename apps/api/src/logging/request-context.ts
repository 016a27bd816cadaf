import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What every log line written on behalf of one request (or one outbox job it caused) carries. */
export interface RequestContext {
  requestId: string;
  /** The signed-in user, once the session guard has resolved one. */
  userId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * The request being served, through every await: the logger stamps its id on each line, the outbox
 * stores it with the rows the request enqueues, and each job runs under it again.
 */
export const requestContext = {
  run<T>(context: RequestContext, work: () => T): T {
    return storage.run(context, work);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
};

export function newRequestId(): string {
  return randomUUID();
}

/**
 * An incoming `X-Request-Id` worth keeping: short, and only characters that cannot break a log line
 * or a header. Anything else is replaced by a fresh id.
 */
export function isWellFormedRequestId(value: string | undefined): value is string {
  return value !== undefined && /^[\w.:-]{1,128}$/.test(value);
}
