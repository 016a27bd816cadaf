import type { OutboxRow } from '@parley/db';
import { requestContext } from '../logging/request-context.js';

/**
 * Where a row remembers the request that enqueued it: a key of its stored payload (an object
 * payload; others carry none), taken out again before the handler sees the payload. The job then
 * runs under that id, so its log lines name the request that caused it.
 */
const REQUEST_ID_KEY = '$requestId';

/** A claimed row, its payload as enqueued and the id of the request that enqueued it. */
export type ClaimedOutboxRow = OutboxRow & { requestId: string | undefined };

/** The payload to store: with the current request's id when there is a request and room for it. */
export function withRequestId(payload: unknown): unknown {
  const requestId = requestContext.current()?.requestId;
  if (!requestId || !isPlainObject(payload)) return payload;
  return { ...payload, [REQUEST_ID_KEY]: requestId };
}

export function takeRequestId(row: OutboxRow): ClaimedOutboxRow {
  if (!isPlainObject(row.payload) || !(REQUEST_ID_KEY in row.payload))
    return { ...row, requestId: undefined };
  const { [REQUEST_ID_KEY]: requestId, ...payload } = row.payload;
  return { ...row, payload, requestId: typeof requestId === 'string' ? requestId : undefined };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
