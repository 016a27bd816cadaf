import type { OutboxRow } from '@parley/db';
import { describe, expect, it } from 'vitest';
import { requestContext } from '../logging/request-context.js';
import { takeRequestId, withRequestId } from './outbox-request-id.js';

const row = (payload: unknown) => ({ id: 'o-1', kind: 'test', payload }) as OutboxRow;

describe(withRequestId.name, () => {
  it("stores the current request's id with an object payload, and the handler gets the payload back as it was", () => {
    const stored = requestContext.run({ requestId: 'r-1' }, () => withRequestId({ webhookId: 'w' }));
    expect(takeRequestId(row(JSON.parse(JSON.stringify(stored))))).toMatchObject({
      payload: { webhookId: 'w' },
      requestId: 'r-1',
    });
  });

  it('leaves payloads alone outside a request, and payloads that are not objects', () => {
    expect(withRequestId({ a: 1 })).toEqual({ a: 1 });
    expect(requestContext.run({ requestId: 'r-1' }, () => [withRequestId(7), withRequestId([1])])).toEqual([
      7,
      [1],
    ]);
    expect(takeRequestId(row(7))).toMatchObject({ payload: 7, requestId: undefined });
  });
});
