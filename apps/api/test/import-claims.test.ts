import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  ErrorCode,
  ImportClaimList,
  ImportClaimResult,
  Me,
  ThreadPage,
  TokenSignInResponse,
} from '@parley/shared';
import { SignJWT } from 'jose';
import { afterAll, expect, it } from 'vitest';
import { disqusFormat } from '../src/import/disqus-format.js';
import { runImport } from '../src/import/importer.js';
import { createUser, uniqueName } from './support/factories.js';
import { ApiClient, errorOf, type ApiResponse } from './support/http.js';
import { connectSocket, joined, nextEvent } from './support/sockets.js';
import { appSuite } from './support/suite.js';

// Issue 20, "beyond the peers": a reader who confirms the address an imported author had claims
// that author's comments, which then show under the reader's own name.

const SSO_SECRET = `sso-${randomBytes(24).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'parley-claims-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectError(response: ApiResponse, status: number, code: ErrorCode): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(errorOf(response).code).toBe(code);
}

interface Imported {
  path: string;
  slug: string;
  importedId: string;
  email: string;
}

appSuite('claiming imported comments', { env: { PARLEY_SSO_SECRET: SSO_SECRET } }, (sut) => {
  /**
   * A Disqus export of its own: one thread, two posts by an author with `email` (one a reply) and
   * a reply by somebody else between them; imported as the CLI does.
   */
  async function importThread(name = 'Claire Source'): Promise<Imported> {
    const key = randomBytes(5).toString('hex');
    const email = `${uniqueName('claire')}@Example.test`;
    const author = `<author><name>${name}</name><email>${email}</email><username>c${key}</username></author>`;
    const other = `<author><name>Other Person</name><email>o${key}@example.test</email><username>o${key}</username></author>`;
    const post = (id: string, body: string, who: string, reply = false) =>
      `<post dsq:id="${key}${id}"><message><![CDATA[<p>${body}</p>]]></message>
        <createdAt>2020-01-0${id}T10:00:00Z</createdAt><isDeleted>false</isDeleted>
        <isSpam>false</isSpam>${who}<thread dsq:id="t${key}"/>${reply ? `<parent dsq:id="${key}1"/>` : ''}</post>`;
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <thread dsq:id="t${key}"><id>claim-${key}</id><link>https://news.example.org/claims/${key}</link>
    <title>Claims ${key}</title><createdAt>2020-01-01T09:00:00Z</createdAt>
    <isClosed>false</isClosed><isDeleted>false</isDeleted></thread>
  ${post('1', 'My first words', author)}
  ${post('2', 'A reply to me', other, true)}
  ${post('3', 'My second words', author, true)}
</disqus>`;
    const path = join(dir, `${key}.xml`);
    writeFileSync(path, xml);
    await runImport(sut.db, { format: disqusFormat, path });
    const story = await sut.db
      .selectFrom('stories')
      .select('slug')
      .where('externalId', '=', `claim-${key}`)
      .executeTakeFirstOrThrow();
    const imported = await sut.db
      .selectFrom('users')
      .select('id')
      .where('importSource', '=', 'disqus')
      .where('importEmail', '=', email)
      .executeTakeFirstOrThrow();
    return { path, slug: story.slug, importedId: imported.id, email };
  }

  /** Signs in by SSO with a vouched `email` (any letter case): the address counts as confirmed. */
  async function ssoReader(email: string, displayName = uniqueName('Sso')): Promise<ApiClient> {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({
      sub: `host-${randomUUID()}`,
      username: displayName,
      email,
      iat: now,
      exp: now + 600,
    })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(SSO_SECRET));
    const client = new ApiClient(sut.baseUrl);
    const response = await client.post<TokenSignInResponse>('/api/auth/sso', { token });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.me).toMatchObject({ emailVerified: true });
    // The session the embed would hold as a bearer token, carried as Parley's own page carries it.
    client.cookie = `parley_session=${response.body.token}`;
    return client;
  }

  async function thread(slug: string): Promise<ThreadPage> {
    const response = await new ApiClient(sut.baseUrl).get<ThreadPage>(
      `/api/stories/${slug}/comments?sort=oldest`,
    );
    expect(response.status).toBe(200);
    return response.body;
  }

  const authorsOf = (page: ThreadPage) =>
    page.items
      .flatMap((comment) => [comment, ...comment.replies])
      .map((comment) => comment.author?.displayName);

  it('offers the comments to the reader who confirms the address, and claims them under their name', async () => {
    const { slug, importedId, email } = await importThread();
    // Anonymous pages are cached: the claim must show on them too.
    expect(authorsOf(await thread(slug))).toEqual(['Claire Source', 'Other Person', 'Claire Source']);
    const listener = await connectSocket(sut.baseUrl);
    await joined(listener, slug);

    const reader = await ssoReader(email.toLowerCase(), 'Claire Now');
    // Confirming took the address from the imported account; its import record still has it.
    const importedRow = await sut.db
      .selectFrom('users')
      .select(['email', 'importEmail'])
      .where('id', '=', importedId)
      .executeTakeFirstOrThrow();
    expect(importedRow).toEqual({ email: null, importEmail: email });

    const offers = await reader.get<ImportClaimList>('/api/me/claims');
    expect(offers.status).toBe(200);
    expect(offers.body.claims).toEqual([
      {
        id: importedId,
        source: 'disqus',
        displayName: 'Claire Source',
        commentCount: 2,
        firstCommentAt: '2020-01-01T10:00:00.000Z',
        lastCommentAt: '2020-01-03T10:00:00.000Z',
      },
    ]);

    const updated = nextEvent(
      listener,
      'comment:updated',
      (comment) => comment.author?.displayName === 'Claire Now',
    );
    const claimed = await reader.post<ImportClaimResult>(`/api/me/claims/${importedId}`, {});
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
    expect(claimed.body).toEqual({ claimed: 2 });
    await updated;

    expect(authorsOf(await thread(slug))).toEqual(['Claire Now', 'Other Person', 'Claire Now']);
    const me = (await reader.get<{ user: Me }>('/api/auth/me')).body.user;
    const tallies = await sut.db
      .selectFrom('users')
      .select(['id', 'approvedCount', 'claimedBy', 'claimedAt'])
      .where('id', 'in', [me.id, importedId])
      .execute();
    expect(tallies.find((row) => row.id === importedId)).toMatchObject({
      claimedBy: me.id,
      approvedCount: 0,
    });
    expect(tallies.find((row) => row.id === me.id)?.approvedCount).toBe(0);
    const mine = await reader.get<{ items: { body: string }[] }>('/api/me/comments');
    expect(mine.body.items.map((comment) => comment.body)).toEqual(['My second words', 'My first words']);
    const story = await new ApiClient(sut.baseUrl).get<{ commentCount: number }>(`/api/stories/${slug}`);
    expect(story.body.commentCount).toBe(3);

    const logged = await sut.db
      .selectFrom('moderationActions')
      .select(['actorId', 'details'])
      .where('action', '=', 'claim_import')
      .where('userId', '=', importedId)
      .execute();
    expect(logged).toEqual([
      { actorId: me.id, details: { source: 'disqus', name: 'Claire Source', comments: 2 } },
    ]);

    // One-shot: nothing left to offer, and claiming again is refused.
    expect((await reader.get<ImportClaimList>('/api/me/claims')).body.claims).toEqual([]);
    const again = await reader.post(`/api/me/claims/${importedId}`, {});
    expectError(again, 409, 'account/claim_used');
  });

  it('refuses a reader who has not confirmed the address, and anyone with another address', async () => {
    const { importedId, email } = await importThread();
    const unconfirmed = await createUser(sut);
    const patched = await unconfirmed.client.patch<Me>('/api/auth/me', { email });
    expect(patched.body).toMatchObject({ email, emailVerified: false });
    expect((await unconfirmed.client.get<ImportClaimList>('/api/me/claims')).body.claims).toEqual([]);
    const refused = await unconfirmed.client.post(`/api/me/claims/${importedId}`, {});
    expectError(refused, 403, 'account/claim_unconfirmed');

    const stranger = await ssoReader(`${uniqueName('stranger')}@example.test`);
    const notTheirs = await stranger.post(`/api/me/claims/${importedId}`, {});
    expectError(notTheirs, 404, 'account/claim_not_found');
    const unknown = await stranger.post(`/api/me/claims/${randomUUID()}`, {});
    expectError(unknown, 404, 'account/claim_not_found');

    const rows = await sut.db
      .selectFrom('comments')
      .select('authorId')
      .where('authorId', '=', importedId)
      .execute();
    expect(rows).toHaveLength(2);
  });

  it('moves the comments once when claims race', async () => {
    const { importedId, email } = await importThread();
    const unconfirmed = await createUser(sut);
    await unconfirmed.client.patch<Me>('/api/auth/me', { email });
    const owner = await ssoReader(email);
    const answers = await Promise.all([
      owner.post<ImportClaimResult>(`/api/me/claims/${importedId}`, {}),
      owner.post<ImportClaimResult>(`/api/me/claims/${importedId}`, {}),
      unconfirmed.client.post(`/api/me/claims/${importedId}`, {}),
      owner.post<ImportClaimResult>(`/api/me/claims/${importedId}`, {}),
    ]);
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(2);
    expect(statuses[2]).toBe(403);
    const ownerId = (await owner.get<{ user: Me }>('/api/auth/me')).body.user.id;
    const authors = await sut.db
      .selectFrom('comments')
      .select('authorId')
      .where('authorId', 'in', [importedId, ownerId])
      .execute();
    expect(authors.map((row) => row.authorId)).toEqual([ownerId, ownerId]);
  });

  it('finds an account imported before imports kept the address, once the file is imported again', async () => {
    const { path, importedId, email } = await importThread();
    // As an import made before migration 0010 left it, after a reader confirmed the address.
    await sut.db
      .updateTable('users')
      .set({ importEmail: null, email: null })
      .where('id', '=', importedId)
      .execute();
    const reader = await ssoReader(email);
    expect((await reader.get<ImportClaimList>('/api/me/claims')).body.claims).toEqual([]);

    const { report } = await runImport(sut.db, { format: disqusFormat, path });
    expect(report.lines()).toContain(
      'comments: 0 new, 3 already imported (new: 0 placeholders, 0 spam, 0 pending review)',
    );
    const offers = (await reader.get<ImportClaimList>('/api/me/claims')).body.claims;
    expect(offers.map((offer) => offer.id)).toEqual([importedId]);
    expect((await reader.post<ImportClaimResult>(`/api/me/claims/${importedId}`, {})).body).toEqual({
      claimed: 2,
    });
  });
});
