import { randomUUID } from 'node:crypto';
import type { CommentStatus, DB, Kysely } from '@parley/db';
import { SignJWT } from 'jose';
import { MailSecretRepository } from '../../src/mail/mail-secret.repository.js';
import { signUnsubscribeToken } from '../../src/mail/unsubscribe-tokens.js';
import type { TestApp } from '../support/app.js';
import { uniqueBody, uniqueName } from '../support/factories.js';
import { SSO_SECRET } from './cells.js';

/** State a cell makes for itself, straight in the database or as a host site would. */

/** A host site's SSO token for a reader of its own (a fresh `sub`). */
export function hostSsoToken(): Promise<string> {
  return new SignJWT({ username: uniqueName('Sso') })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(randomUUID())
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(SSO_SECRET));
}

/**
 * An imported account (nobody can sign in to it) whose source address the actor has confirmed, for
 * one cell: the actor gets a fresh confirmed address of its own.
 */
export async function importedUnder(app: TestApp, actorId: string | undefined): Promise<string> {
  const email = `${uniqueName('claim')}@matrix.test`;
  if (actorId) {
    await app.db
      .updateTable('users')
      .set({ email, emailVerifiedAt: new Date() })
      .where('id', '=', actorId)
      .execute();
  }
  const { id } = await app.db
    .insertInto('users')
    .values({
      username: uniqueName('imported'),
      displayName: 'Imported Author',
      importSource: 'disqus',
      importKey: randomUUID(),
      importEmail: email,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** A paused webhook straight in the database, for one cell. */
export async function inactiveWebhook(app: TestApp): Promise<string> {
  const { id } = await app.db
    .insertInto('webhooks')
    .values({
      url: 'http://93.184.215.14:9/hook',
      events: ['story.created'],
      secret: 'a-secret-for-one-cell',
      active: false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function unsubscribeToken(app: TestApp, userId: string): Promise<string> {
  const secret = await app.app.get(MailSecretRepository, { strict: false }).getOrCreate();
  return signUnsubscribeToken(secret, userId);
}

/** A DSA notice on a comment, straight in the database: received, or decided (a removal, by nobody now on staff). */
export async function insertNotice(
  db: Kysely<DB>,
  commentId: string,
  { decided = false } = {},
): Promise<string> {
  const comment = await db
    .selectFrom('comments')
    .select('authorId')
    .where('id', '=', commentId)
    .executeTakeFirstOrThrow();
  const row = await db
    .insertInto('dsaNotices')
    .values({
      commentId,
      authorId: comment.authorId,
      category: 'defamation',
      explanation: 'Matrix notice',
      notifierTokenHash: 'matrix',
      goodFaith: true,
      ...(decided && {
        status: 'decided' as const,
        decidedAt: new Date(),
        action: 'removed' as const,
        facts: 'Matrix facts',
        ground: 'Matrix ground',
        automated: false,
        redress: 'Appeal',
      }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertComment(
  db: Kysely<DB>,
  values: { storyId: string; authorId: string; status: CommentStatus },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('comments')
    .values({ id, rootId: id, parentId: null, depth: 0, body: uniqueBody(), ...values })
    .execute();
  return id;
}
