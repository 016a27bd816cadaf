import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ERRORS,
  FIELD_MESSAGES,
  errorMessageKey,
  fieldMessageKey,
  fieldMessageSource,
  fieldMessageStaticValues,
  translateFieldMessage,
  type ErrorCode,
  type FieldMessageKey,
} from '../src/values.js';
import { createTranslator, lookupMessage, type Catalogue } from '../src/i18n/index.js';

const read = (locale: string): Catalogue =>
  JSON.parse(readFileSync(new URL(`../locales/${locale}/errors.json`, import.meta.url), 'utf8')) as Catalogue;
const english = read('en');
const t = createTranslator('en', english);

// Sample arguments for each parametrized field message: the English catalogue must say what the code says.
const SAMPLES: Record<string, unknown[][]> = {
  atLeastCharacters: [[1], [8]],
  atMostCharacters: [[64], [200]],
  atLeast: [[1]],
  atMost: [[50]],
  atLeastItems: [[1]],
  atMostItems: [[100]],
  oneOf: [[['all', 'visible']]],
  unsafeLineBreak: [['U+000A']],
  unsafeControl: [['U+0000']],
  unsafeSurrogate: [['U+D800']],
  unsafeInvisible: [['U+200B']],
  unknownKeys: [[['role']], [['role', 'admin']]],
};

describe('the errors catalogue', () => {
  it('has a message for every error code, the same in English as the code catalogue', () => {
    for (const code of Object.keys(ERRORS) as ErrorCode[]) {
      expect(lookupMessage(english, errorMessageKey(code)), code).toBe(ERRORS[code].message);
    }
  });

  it('has a message for every field message, worded in English as the code words it', () => {
    for (const [key, message] of Object.entries(FIELD_MESSAGES)) {
      expect(lookupMessage(english, fieldMessageKey(key)), key).toBeDefined();
      if (typeof message === 'string') {
        expect(t(fieldMessageKey(key), fieldMessageStaticValues(key as FieldMessageKey)), key).toBe(message);
        continue;
      }
      const samples = SAMPLES[key];
      expect(samples, `${key}: add sample arguments to this test`).toBeDefined();
      for (const args of samples!) {
        const text = (message as (...args: unknown[]) => string)(...args);
        const source = fieldMessageSource(text);
        // Two entries may word one sentence alike (`passwordTooShort`, `atLeastCharacters(8)`): either key says it.
        expect(source, key).toBeDefined();
        expect(t(fieldMessageKey(source!.key), source!.values), key).toBe(text);
      }
    }
  });

  it('words a schema’s field message again in another language, with its parameters', () => {
    const ru = createTranslator('ru', read('ru'));
    expect(translateFieldMessage(FIELD_MESSAGES.passwordTooShort, ru)).toBe('Не меньше 8 символов.');
    expect(translateFieldMessage(FIELD_MESSAGES.atLeastCharacters(3), ru)).toBe(
      'Нужно не меньше 3 символов.',
    );
    expect(translateFieldMessage(FIELD_MESSAGES.commentTooLong, ru)).toMatch(
      /^Уложитесь в 5\s000 символов\.$/,
    );
    expect(translateFieldMessage('belongs to “Another story”', ru)).toBe('belongs to “Another story”');
  });
});
