import { describe, expect, it } from 'vitest';
import { asSentence, fieldAria, formErrors } from './field-errors.js';
import { ApiError } from './http.js';

describe(formErrors.name, () => {
  it('puts each shown field’s message beside it as a sentence, and nothing on the form', () => {
    const error = new ApiError(
      'request/invalid',
      'Invalid request: newPassword: use at least 8 characters',
      400,
      { newPassword: 'use at least 8 characters' },
    );

    expect(formErrors(error, ['currentPassword', 'newPassword'])).toEqual({
      fields: { newPassword: 'Use at least 8 characters.' },
      form: null,
    });
  });

  it('answers on the form when no field it shows is named', () => {
    const error = new ApiError('request/invalid', 'The request is not valid.', 400, { other: 'is wrong' });

    expect(formErrors(error, ['newPassword'])).toEqual({ fields: {}, form: 'The request is not valid.' });
  });

  it("puts a message about part of a field (one entry of a list) beside the field, the field's own first", () => {
    const error = new ApiError('request/invalid', 'Invalid word lists.', 400, {
      'banned.3': 'Keep each entry to 100 characters or fewer.',
      suspect: 'Keep the list to 5000 entries or fewer.',
      'suspect.0': 'Remove the empty entries.',
    });

    expect(formErrors(error, ['banned', 'suspect']).fields).toEqual({
      banned: 'Keep each entry to 100 characters or fewer.',
      suspect: 'Keep the list to 5000 entries or fewer.',
    });
  });

  it('describes a field with a hint by the hint, and by its error too once it has one', () => {
    expect(fieldAria(null, 'e', 'h')).toEqual({ 'aria-describedby': 'h' });
    expect(fieldAria('Wrong.', 'e', 'h')).toEqual({ 'aria-invalid': 'true', 'aria-describedby': 'h e' });
    expect(fieldAria('Wrong.', 'e')).toEqual({ 'aria-invalid': 'true', 'aria-describedby': 'e' });
  });

  it('keeps a message that already ends a sentence', () => {
    expect(asSentence('Already done.')).toBe('Already done.');
    expect(asSentence('is kept for staff')).toBe('Is kept for staff.');
  });
});
