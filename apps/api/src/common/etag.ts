import { createHash } from 'node:crypto';

/** A weak ETag from a response body, for pages no version vouches for. */
export function bodyTag(body: string): string {
  return `W/"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** Whether an If-None-Match header names this ETag (or is `*`); weak comparison, as RFC 9110 asks for GET. */
export function etagMatches(header: string, etag: string): boolean {
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((each) => {
    const tag = each.trim();
    return tag === '*' || tag.replace(/^W\//, '') === opaque;
  });
}
