import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  createCommentRequestSchema,
  listCommentsQuerySchema,
  reportRequestSchema,
} from '../src/schemas/comments.js';
import { banRequestSchema, wordListsSchema } from '../src/schemas/moderation.js';
import { loginRequestSchema, registerRequestSchema } from '../src/schemas/users.js';
import { fieldErrorMap, fieldErrorsOf } from '../src/schemas/field-errors.js';
import { COMMENT_MAX_LENGTH, FIELD_MESSAGES } from '../src/values.js';

/** path → message, parsed as the API parses (`parseOrThrow`): the shape it returns in `fields`. */
function fieldErrors(schema: z.ZodType, input: unknown): Record<string, string> {
  const result = schema.safeParse(input, { error: fieldErrorMap });
  return result.success ? {} : fieldErrorsOf(result.error);
}

describe('createCommentRequestSchema', () => {
  const sut = createCommentRequestSchema;

  it('trims the body', () => {
    expect(sut.parse({ body: '  \n hello world \n\t ' })).toEqual({ body: 'hello world' });
  });

  it.each(['', '   ', '\n\t \n'])('rejects an empty body %j', (body) => {
    expect(fieldErrors(sut, { body })).toEqual({ body: FIELD_MESSAGES.commentEmpty });
  });

  it('rejects a missing body', () => {
    expect(fieldErrors(sut, {})).toEqual({ body: FIELD_MESSAGES.commentRequired });
  });

  it(`accepts ${COMMENT_MAX_LENGTH} characters and rejects ${COMMENT_MAX_LENGTH + 1}`, () => {
    expect(sut.safeParse({ body: 'x'.repeat(COMMENT_MAX_LENGTH) }).success).toBe(true);
    expect(fieldErrors(sut, { body: 'x'.repeat(COMMENT_MAX_LENGTH + 1) })).toEqual({
      body: FIELD_MESSAGES.commentTooLong,
    });
  });

  it('measures the length after trimming', () => {
    const body = `  ${'x'.repeat(COMMENT_MAX_LENGTH)}  `;

    expect(sut.parse({ body }).body).toHaveLength(COMMENT_MAX_LENGTH);
  });

  it('accepts a parentId and clientId that are UUIDs, and rejects ones that are not', () => {
    const parentId = randomUUID();
    const clientId = randomUUID();

    expect(sut.parse({ body: 'hi', parentId, clientId })).toEqual({ body: 'hi', parentId, clientId });
    expect(fieldErrors(sut, { body: 'hi', parentId: 'nope', clientId: '1' })).toEqual({
      parentId: FIELD_MESSAGES.notId,
      clientId: FIELD_MESSAGES.notId,
    });
  });

  it.each([
    {
      body: 'a\u0000b',
      problem: 'This contains a control character (U+0000) that cannot be stored; remove it.',
    },
    {
      body: 'a\r\nb',
      problem: 'This contains a control character (U+000D) that cannot be stored; remove it.',
    },
    {
      body: 'a\udc00b',
      problem:
        'This contains a broken character (an unpaired surrogate, U+DC00) that cannot be stored; remove it.',
    },
  ])('rejects a body with a character that cannot be stored: $problem', ({ body, problem }) => {
    expect(fieldErrors(sut, { body })).toEqual({ body: problem });
  });

  it('drops unknown keys so a client cannot set a status or an author', () => {
    expect(sut.parse({ body: 'hi', status: 'approved', authorId: randomUUID() })).toEqual({ body: 'hi' });
  });
});

describe('registerRequestSchema', () => {
  const sut = registerRequestSchema;

  it('accepts a valid registration and trims the username and display name', () => {
    expect(sut.parse({ username: ' ana.b-c_1 ', password: 'long enough', displayName: ' Ana ' })).toEqual({
      username: 'ana.b-c_1',
      password: 'long enough',
      displayName: 'Ana',
    });
  });

  it('keeps the password exactly as typed', () => {
    expect(sut.parse({ username: 'ana', password: '  spaced  ' }).password).toBe('  spaced  ');
  });

  it.each(['ab', 'x'.repeat(33), 'has space', 'ünïcode', 'semi;colon', ''])(
    'rejects the username %j with a message a person can act on',
    (username) => {
      expect(fieldErrors(sut, { username, password: 'long enough' })).toEqual({
        username: FIELD_MESSAGES.username,
      });
    },
  );

  it('says how long a password must be', () => {
    expect(fieldErrors(sut, { username: 'ana', password: 'short' })).toEqual({
      password: 'Use at least 8 characters.',
    });
    expect(fieldErrors(sut, { username: 'ana', password: 'p'.repeat(201) })).toEqual({
      password: 'Use at most 200 characters.',
    });
  });

  it('limits the display name to 64 characters', () => {
    expect(
      fieldErrors(sut, { username: 'ana', password: 'long enough', displayName: 'd'.repeat(65) }),
    ).toEqual({
      displayName: 'Use at most 64 characters.',
    });
  });

  it('reports every bad field at once', () => {
    expect(Object.keys(fieldErrors(sut, { username: 'a', password: 'b' })).sort()).toEqual([
      'password',
      'username',
    ]);
  });
});

describe('loginRequestSchema', () => {
  const sut = loginRequestSchema;

  it('requires both fields', () => {
    expect(fieldErrors(sut, { username: ' ', password: '' })).toEqual({
      username: FIELD_MESSAGES.usernameRequired,
      password: FIELD_MESSAGES.passwordRequired,
    });
  });
});

describe('listCommentsQuerySchema', () => {
  const sut = listCommentsQuerySchema;

  it('defaults to the newest 20 and coerces a query-string limit', () => {
    expect(sut.parse({})).toEqual({ sort: 'newest', limit: 20 });
    expect(sut.parse({ sort: 'top', limit: '50' })).toEqual({ sort: 'top', limit: 50 });
  });

  it.each(['0', '101', 'abc', '2.5'])('rejects the limit %j', (limit) => {
    expect(sut.safeParse({ limit }).success).toBe(false);
  });
});

describe('the text rule on every free-text request field', () => {
  const NUL = 'x\u0000';
  const problem = 'This contains a control character (U+0000) that cannot be stored; remove it.';

  it.each([
    { name: 'report note', schema: reportRequestSchema, input: { reason: 'other', note: NUL }, path: 'note' },
    { name: 'ban reason', schema: banRequestSchema, input: { reason: NUL }, path: 'reason' },
    {
      name: 'word list entry',
      schema: wordListsSchema,
      input: { banned: [NUL], suspect: [] },
      path: 'banned.0',
    },
    {
      name: 'sign-in username',
      schema: loginRequestSchema,
      input: { username: NUL, password: 'pw' },
      path: 'username',
    },
    {
      name: 'registration password',
      schema: registerRequestSchema,
      input: { username: 'ana', password: `long enough${NUL}` },
      path: 'password',
    },
    {
      name: 'display name',
      schema: registerRequestSchema,
      input: { username: 'ana', password: 'long enough', displayName: NUL },
      path: 'displayName',
    },
  ])('applies to the $name', ({ schema, input, path }) => {
    expect(fieldErrors(schema, input)).toEqual({ [path]: problem });
  });
});

describe('invisible text', () => {
  const NOTHING_VISIBLE = FIELD_MESSAGES.noVisibleCharacters;

  it.each(['\u200B', ' \u200B\u200D ', '\u00AD', '\u2800', '\u3164', '\u2060\uFEFF\u200C'])(
    'rejects a comment body of only %j',
    (body) => {
      expect(fieldErrors(createCommentRequestSchema, { body })).toEqual({ body: NOTHING_VISIBLE });
    },
  );

  it('keeps format characters inside a comment with something visible', () => {
    const body = 'family 👨\u200D👩\u200D👧, and a soft\u00ADhyphen';

    expect(createCommentRequestSchema.parse({ body }).body).toBe(body);
  });

  it.each([
    {
      displayName: '\u200B',
      problem: 'This contains an invisible character (U+200B); a name cannot hold invisible characters.',
    },
    {
      displayName: 'Moder\u200Bator',
      problem: 'This contains an invisible character (U+200B); a name cannot hold invisible characters.',
    },
    {
      displayName: '\u202Erotaredom',
      problem: 'This contains an invisible character (U+202E); a name cannot hold invisible characters.',
    },
    {
      displayName: 'Two\nlines',
      problem: 'This contains a line break or tab (U+000A); a name must be a single line.',
    },
    { displayName: '\u2800', problem: NOTHING_VISIBLE },
  ])('rejects the display name $displayName', ({ displayName, problem }) => {
    expect(
      fieldErrors(registerRequestSchema, { username: 'ana', password: 'long enough', displayName }),
    ).toEqual({
      displayName: problem,
    });
  });

  it.each(['Ana', 'Анна Каренина', 'José', '李小龍', 'Red ❤️'])(
    'accepts the display name %j',
    (displayName) => {
      expect(
        registerRequestSchema.parse({ username: 'ana', password: 'long enough', displayName }).displayName,
      ).toBe(displayName);
    },
  );
});
