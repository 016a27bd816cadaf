import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pinnedLookup, type CheckedTarget } from './webhook-targets.js';

/**
 * POSTs `body` to `url`, connecting to `target` (the address that was checked) whatever the name
 * resolves to now: no DNS rebinding between the check and the connection. TLS still verifies the
 * certificate against the URL's name. Resolves with the status; the answer's body is dropped.
 */
export async function postTo(
  url: string,
  target: CheckedTarget,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
): Promise<number> {
  return (await post(url, target, headers, body, signal, 0)).status;
}

/** An answer read by `postForAnswer`: its status, and its body unless it passed the limit. */
export interface PostAnswer {
  status: number;
  body: string;
  /** The body was longer than the limit (and was not read past it). */
  tooLong: boolean;
}

/**
 * Like `postTo` (the same pinned address, no pooled socket, no redirects), but reads the answer's
 * body, at most `maxBytes` of it: for callers that want an answer (the moderation hook).
 */
export function postForAnswer(
  url: string,
  target: CheckedTarget,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
  maxBytes: number,
): Promise<PostAnswer> {
  return post(url, target, headers, body, signal, maxBytes);
}

function post(
  url: string,
  target: CheckedTarget,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
  maxBytes: number,
): Promise<PostAnswer> {
  const parsed = new URL(url);
  const send = parsed.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(
      parsed,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: pinnedLookup(target),
        signal,
        // One connection per delivery: a pooled socket could have been opened to another address.
        agent: false,
      },
      (incoming) => {
        const status = incoming.statusCode ?? 0;
        if (maxBytes === 0) {
          incoming.resume();
          resolve({ status, body: '', tooLong: false });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        incoming.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            incoming.destroy();
            resolve({ status, body: '', tooLong: true });
            return;
          }
          chunks.push(chunk);
        });
        incoming.on('end', () =>
          resolve({ status, body: Buffer.concat(chunks).toString('utf8'), tooLong: false }),
        );
        // An abort (the budget) or a reset while the body streams in.
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
