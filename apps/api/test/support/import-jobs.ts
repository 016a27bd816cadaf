import type { ImportJob } from '@parley/shared';
import type { ApiClient } from './http.js';
import { waitFor } from './wait.js';

/**
 * A Disqus export of `threads` threads with `posts` posts in all, every fifth a reply to the post
 * before it: big enough that an import takes a while, every post importable.
 */
export function generatedDisqusExport(threads: number, posts: number): string {
  const parts = [
    '<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">',
  ];
  for (let t = 1; t <= threads; t++) {
    parts.push(
      `<thread dsq:id="t${t}"><id>gen-${t}</id><link>https://generated.example.org/story-${t}/</link>` +
        `<title>Generated story ${t}</title><createdAt>2020-01-01T00:00:00Z</createdAt>` +
        '<isClosed>false</isClosed><isDeleted>false</isDeleted></thread>',
    );
  }
  for (let p = 1; p <= posts; p++) {
    const thread = (p % threads) + 1;
    const parent = p % 5 === 0 && p > threads ? `<parent dsq:id="p${p - threads}"/>` : '';
    parts.push(
      `<post dsq:id="p${p}"><message><![CDATA[<p>Generated comment number ${p}.</p>]]></message>` +
        `<createdAt>2020-01-02T00:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>` +
        `<author><name>Reader ${p % 50}</name><email>reader${p % 50}@generated.example.org</email>` +
        `<isAnonymous>false</isAnonymous><username>reader${p % 50}</username></author>` +
        `<thread dsq:id="t${thread}"/>${parent}</post>`,
    );
  }
  parts.push('</disqus>\n');
  return parts.join('\n');
}

/** POSTs `file` as the upload body, with the client's session and origin, as the web page does. */
export async function uploadImport(
  client: ApiClient,
  format: string,
  fileName: string,
  file: Buffer | ReadableStream<Uint8Array>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  const url = new URL('/api/moderation/imports', client.baseUrl);
  url.searchParams.set('format', format);
  url.searchParams.set('fileName', fileName);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/octet-stream',
      accept: 'application/json',
      origin: client.origin ?? client.baseUrl,
      ...(client.cookie && { cookie: client.cookie }),
      ...headers,
    },
    body: file,
    // A stream body is sent chunked, with no length declared.
    ...(file instanceof ReadableStream && { duplex: 'half' }),
  } as RequestInit);
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** Polls the job until it has ended (done or failed). */
export async function jobEnded(client: ApiClient, id: string, timeoutMs = 60_000): Promise<ImportJob> {
  let job: ImportJob | undefined;
  await waitFor(
    async () => {
      // On PGlite a long statement holds this process's thread: a kept-alive connection the server
      // closed meanwhile fails once, and the next poll opens another.
      const response = await client.get<ImportJob>(`/api/moderation/imports/${id}`).catch(() => undefined);
      job = response?.body;
      return job?.status === 'done' || job?.status === 'failed';
    },
    `import ${id} to end`,
    { timeoutMs, everyMs: 50 },
  );
  return job!;
}
