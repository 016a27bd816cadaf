import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pinnedLookup, type CheckedTarget } from './webhook-targets.js';

/**
 * POSTs `body` to `url`, connecting to `target` (the address that was checked) whatever the name
 * resolves to now: no DNS rebinding between the check and the connection. TLS still verifies the
 * certificate against the URL's name. Resolves with the status; the answer's body is dropped.
 */
export function postTo(
  url: string,
  target: CheckedTarget,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
): Promise<number> {
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
        incoming.resume();
        resolve(incoming.statusCode ?? 0);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
