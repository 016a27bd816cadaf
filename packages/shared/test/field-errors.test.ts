import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FIELD_MESSAGES } from '../src/field-messages.js';
import { fieldErrorMap, fieldErrorsOf } from '../src/schemas/field-errors.js';
import { changePasswordRequestSchema } from '../src/schemas/sessions.js';
import { registerRequestSchema, updateMeRequestSchema } from '../src/schemas/users.js';

/** Every message the catalogue can produce, with the parametric ones at sample values. */
function isCatalogueSentence(message: string): boolean {
  return /^[A-Z].*[.!?]$/s.test(message);
}

function fieldsOf(schema: z.ZodType, input: unknown): Record<string, string> {
  const result = schema.safeParse(input, { error: fieldErrorMap });
  return result.success ? {} : fieldErrorsOf(result.error);
}

describe(fieldErrorMap.name, () => {
  const sut = z
    .object({
      name: z.string().min(3).max(5),
      count: z.number().int().min(1).max(9),
      tags: z.array(z.string()).max(2),
      kind: z.enum(['a', 'b']),
      email: z.email(),
    })
    .strict();

  it('words zod’s own checks from the catalogue', () => {
    expect(fieldsOf(sut, {})).toEqual({
      name: FIELD_MESSAGES.required,
      count: FIELD_MESSAGES.required,
      tags: FIELD_MESSAGES.required,
      kind: FIELD_MESSAGES.required,
      email: FIELD_MESSAGES.required,
    });
    expect(
      fieldsOf(sut, { name: 'ab', count: 0, tags: ['x', 'y', 'z'], kind: 'c', email: 'nope', extra: 1 }),
    ).toEqual({
      name: 'Use at least 3 characters.',
      count: 'Use 1 or more.',
      tags: 'Give at most 2.',
      kind: 'Choose one of: a, b.',
      email: FIELD_MESSAGES.email,
      request: 'Remove extra: it is not accepted here.',
    });
    expect(fieldsOf(sut, { name: 7, count: 1.5, tags: 'x', kind: 'a', email: 'a@b.org' })).toEqual({
      name: FIELD_MESSAGES.notText,
      count: FIELD_MESSAGES.notWholeNumber,
      tags: FIELD_MESSAGES.notList,
    });
  });

  it('leaves a schema’s own message in place', () => {
    expect(fieldsOf(registerRequestSchema, { username: 'ana', password: 'short' })).toEqual({
      password: 'Use at least 8 characters.',
    });
  });
});

describe('the account forms’ field errors', () => {
  it.each([
    { schema: registerRequestSchema, input: {} },
    {
      schema: registerRequestSchema,
      input: { username: 'a b', password: 'x', email: 'no', displayName: ' ' },
    },
    { schema: changePasswordRequestSchema, input: { currentPassword: '', newPassword: 'short' } },
    { schema: updateMeRequestSchema, input: {} },
    { schema: updateMeRequestSchema, input: { email: 'x'.repeat(300) } },
  ])('are sentences a form shows as they are: %j', ({ schema, input }) => {
    const fields = fieldsOf(schema, input);

    expect(Object.keys(fields).length).toBeGreaterThan(0);
    for (const message of Object.values(fields)) expect(isCatalogueSentence(message), message).toBe(true);
  });

  it('put each problem on its own field', () => {
    expect(fieldsOf(registerRequestSchema, { username: 'a b', password: 'x', email: 'no' })).toEqual({
      username: FIELD_MESSAGES.username,
      password: FIELD_MESSAGES.passwordTooShort,
      email: FIELD_MESSAGES.email,
    });
  });
});
