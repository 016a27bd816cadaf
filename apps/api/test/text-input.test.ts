import type { ArgumentsHost } from '@nestjs/common';
import { FIELD_MESSAGES, type ApiErrorBody, type Comment } from '@parley/shared';
import { sql } from '@parley/db';
import { describe, expect, it } from 'vitest';
import { HttpExceptionFilter } from '../src/common/http-exception.filter.js';
import { DatabaseOutage } from '../src/database/database.module.js';
import { createStory, createUser, postComment, uniqueName } from './support/factories.js';
import { ApiClient, errorOf, type ApiResponse } from './support/http.js';
import { appSuite } from './support/suite.js';

/** Text Postgres cannot store, or that is not text at all: each must be a 400, never a 500. */
const BAD_TEXT = [
  { what: 'U+0000', text: 'before\u0000after', message: 'contains a control character (U+0000)' },
  { what: 'a C0 control', text: 'bell\u0007', message: 'contains a control character (U+0007)' },
  { what: 'a C1 control', text: 'next\u0085line', message: 'contains a control character (U+0085)' },
  {
    what: 'an unpaired surrogate',
    text: 'half \ud83d of an emoji',
    message: 'contains a broken character (an unpaired surrogate, U+D83D)',
  },
] as const;

appSuite('text input', (sut) => {
  function expectRefused(response: ApiResponse, field: string, message: string): void {
    expect(response.status).toBe(400);
    const error = errorOf(response);
    expect(error.code).toBe('request/invalid');
    expect(error.fields?.[field]).toContain(message);
    expect(error.message).toContain(`${field}: ${error.fields?.[field]}`);
  }

  describe.each(BAD_TEXT)('$what', ({ text, message }) => {
    it('is refused in a new comment', async () => {
      const [story, author] = await Promise.all([createStory(sut.db), createUser(sut)]);

      const response = await author.client.post(`/api/stories/${story.slug}/comments`, { body: text });

      expectRefused(response, 'body', message);
    });

    it('is refused in an edit', async () => {
      const [story, author] = await Promise.all([createStory(sut.db), createUser(sut)]);
      const comment = await postComment(author.client, story.slug);

      const response = await author.client.patch(`/api/comments/${comment.id}`, { body: text });

      expectRefused(response, 'body', message);
      const row = await sut.db
        .selectFrom('comments')
        .select('body')
        .where('id', '=', comment.id)
        .executeTakeFirstOrThrow();
      expect(row.body).toBe(comment.body);
    });

    it('is refused in a display name and a password at registration', async () => {
      const client = new ApiClient(sut.baseUrl);
      const username = uniqueName();

      const response = await client.post('/api/auth/register', {
        username,
        password: `long enough ${text}`,
        displayName: text,
      });

      expectRefused(response, 'displayName', message);
      expect(errorOf(response).fields?.password).toContain(message);
      const row = await sut.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirst();
      expect(row).toBeUndefined();
    });

    it('is refused in the username at sign-in', async () => {
      const response = await new ApiClient(sut.baseUrl).post('/api/auth/login', {
        username: `admin${text}`,
        password: 'whatever it is',
      });

      expectRefused(response, 'username', message);
    });

    it('is refused in a report note', async () => {
      const [story, author, reporter] = await Promise.all([
        createStory(sut.db),
        createUser(sut),
        createUser(sut),
      ]);
      const comment: Comment = await postComment(author.client, story.slug);

      const response = await reporter.client.post(`/api/comments/${comment.id}/reports`, {
        reason: 'other',
        note: text,
      });

      expectRefused(response, 'note', message);
    });

    it('is refused in a ban reason', async () => {
      const [moderator, reader] = await Promise.all([
        createUser(sut, { role: 'moderator' }),
        createUser(sut),
      ]);

      const response = await moderator.client.post(`/api/moderation/users/${reader.me.id}/ban`, {
        reason: text,
      });

      expectRefused(response, 'reason', message);
      const row = await sut.db
        .selectFrom('users')
        .select('status')
        .where('id', '=', reader.me.id)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('active');
    });

    it('is refused in a word list entry', async () => {
      const admin = await createUser(sut, { role: 'admin' });

      const response = await admin.client.put('/api/moderation/word-lists', {
        json: { banned: ['fine', text], suspect: [] },
      });

      expectRefused(response, 'banned.1', message);
    });
  });

  describe('invisible text', () => {
    const NOTHING_VISIBLE = FIELD_MESSAGES.noVisibleCharacters;

    it.each(['\u200B', ' \u200B\u00AD\u2060 ', '\u3164'])(
      'refuses a comment of only %j, posted or edited',
      async (body) => {
        const [story, author] = await Promise.all([createStory(sut.db), createUser(sut)]);
        const comment = await postComment(author.client, story.slug);

        const posted = await author.client.post(`/api/stories/${story.slug}/comments`, { body });
        const edited = await author.client.patch(`/api/comments/${comment.id}`, { body });

        expectRefused(posted, 'body', NOTHING_VISIBLE);
        expectRefused(edited, 'body', NOTHING_VISIBLE);
      },
    );

    it.each([
      { displayName: '\u200B', problem: 'contains an invisible character (U+200B)' },
      { displayName: 'Moderator\u200B', problem: 'contains an invisible character (U+200B)' },
      { displayName: 'Mod\u00ADerator', problem: 'contains an invisible character (U+00AD)' },
      { displayName: '\u2800', problem: NOTHING_VISIBLE },
    ])('refuses the display name $displayName at registration', async ({ displayName, problem }) => {
      const response = await new ApiClient(sut.baseUrl).post('/api/auth/register', {
        username: uniqueName(),
        password: 'long enough',
        displayName,
      });

      expectRefused(response, 'displayName', problem);
    });
  });

  it('still takes line feeds and tabs in a comment', async () => {
    const [story, author] = await Promise.all([createStory(sut.db), createUser(sut)]);

    const comment = await postComment(author.client, story.slug, { body: 'one\n\ttwo' });

    expect(comment.body).toBe('one\n\ttwo');
  });

  it('answers a wrong sign-in whose password holds U+0000 as any wrong password', async () => {
    // Passwords are only hashed, so the text rule does not apply to them at sign-in.
    const response = await new ApiClient(sut.baseUrl).post('/api/auth/login', {
      username: 'admin',
      password: 'not\u0000it',
    });

    expect(response.status).toBe(401);
    expect(errorOf(response).code).toBe('auth/invalid_credentials');
  });

  describe('a database refusal of a character as the backstop', () => {
    /** Runs the app's exception filter on an error and returns what it would answer. */
    function answerTo(error: unknown): { status: number; body: ApiErrorBody } {
      const sent: { status: number; body: ApiErrorBody } = { status: 0, body: undefined as never };
      const response = {
        headersSent: false,
        setHeader: () => response,
        status(status: number) {
          sent.status = status;
          return response;
        },
        json(body: ApiErrorBody) {
          sent.body = body;
          return response;
        },
      };
      const host = {
        getType: () => 'http',
        switchToHttp: () => ({
          getResponse: () => response,
          getRequest: () => ({ acceptsLanguages: () => [] }),
        }),
      } as unknown as ArgumentsHost;
      new HttpExceptionFilter(sut.app.get(DatabaseOutage)).catch(error, host);
      return sent;
    }

    it('turns the real error for U+0000 into a 400 with a message a person can act on', async () => {
      const error = await sql`select ${'a\u0000b'}::text as value`
        .execute(sut.db)
        .then(() => undefined)
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: '22021' });

      const answer = answerTo(error);

      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('request/invalid');
      expect(answer.body.message).toContain('cannot be stored');
    });

    it.each(['22021', '22P05'])('answers %s with 400, and other database errors with 500', (code) => {
      expect(answerTo(Object.assign(new Error('refused'), { code })).status).toBe(400);
      expect(answerTo(Object.assign(new Error('deadlock'), { code: '40P01' })).status).toBe(500);
    });
  });
});
