import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { requestContext } from './request-context.js';
import { requestLog } from './request-log.js';

/** Runs the middleware on a request from 10.0.0.9 carrying `X-Request-Id: incoming`. */
function serve(trusted: boolean) {
  const headers = new Map<string, string>();
  const response = Object.assign(new EventEmitter(), {
    statusCode: 200,
    setHeader: (name: string, value: string) => headers.set(name.toLowerCase(), value),
  });
  const request = {
    method: 'GET',
    socket: { remoteAddress: '10.0.0.9' },
    header: (name: string) => (name.toLowerCase() === 'x-request-id' ? 'incoming' : undefined),
  };
  let seen: string | undefined;
  const next: NextFunction = () => {
    seen = requestContext.current()?.requestId;
  };
  const sut = requestLog((address) => trusted && address === '10.0.0.9');
  sut(request as unknown as Request, response as unknown as Response, next);
  return { header: headers.get('x-request-id'), seen };
}

describe(requestLog.name, () => {
  it('keeps the id a trusted proxy sent, in the header and the context', () => {
    expect(serve(true)).toEqual({ header: 'incoming', seen: 'incoming' });
  });

  it('makes its own id when the sender is not a trusted proxy', () => {
    const sut = serve(false);
    expect(sut.header).toMatch(/^[0-9a-f-]{36}$/);
    expect(sut.seen).toBe(sut.header);
  });
});
