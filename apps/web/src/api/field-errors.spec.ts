import { describe, expect, it } from 'vitest';
import { asSentence, formErrors } from './field-errors.js';
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

  it('keeps a message that already ends a sentence', () => {
    expect(asSentence('Already done.')).toBe('Already done.');
    expect(asSentence('is kept for staff')).toBe('Is kept for staff.');
  });
});
