import { readdirSync, readFileSync } from 'node:fs';
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
import * as shared from '../src/index.js';

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
  storyKeysTooMany: [[100]],
  searchTooManyWords: [[16]],
  atMostComments: [[100]],
  wordEntryTooLong: [[100]],
  wordEntryTooManyWords: [[5]],
  atMostEntries: [[5000]],
};

interface ZodNode {
  _zod?: { def?: Record<string, unknown> & { error?: (issue: unknown) => unknown } };
}

/**
 * Every message a schema names for its own checks (`{ error: … }` on a schema, a check or a
 * refinement), found by walking each exported schema's definition: its children, its checks.
 */
function schemaMessages(): Map<string, string> {
  const found = new Map<string, string>();
  const seen = new Set<unknown>();
  const walk = (node: unknown, where: string): void => {
    if (Array.isArray(node)) return node.forEach((item, index) => walk(item, `${where}[${index}]`));
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    const def = (node as ZodNode)._zod?.def;
    if (!def) {
      // A plain object: an object schema's shape.
      for (const [key, value] of Object.entries(node)) walk(value, `${where}.${key}`);
      return;
    }
    if (typeof def.error === 'function') {
      const message = def.error({ code: 'custom', input: undefined, path: [] });
      if (typeof message === 'string') found.set(message, where);
    }
    for (const [key, value] of Object.entries(def)) {
      if (key === 'getter' && typeof value === 'function') walk((value as () => unknown)(), where);
      else if (key !== 'error') walk(value, key === 'shape' ? where : `${where}>${key}`);
    }
  };
  for (const [name, value] of Object.entries(shared)) walk(value, name);
  return found;
}

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
    expect(translateFieldMessage(FIELD_MESSAGES.searchTooManyWords(16), ru)).toBe(
      'Используйте не больше 16 слов.',
    );
    expect(translateFieldMessage(FIELD_MESSAGES.atMostComments(100), ru)).toBe(
      'Выберите не больше 100 комментариев за раз.',
    );
  });
});

describe('the schemas’ own messages', () => {
  const messages = schemaMessages();

  it('are found in the schemas (the walk reaches refinements, unions and nested objects)', () => {
    expect([...messages.keys()]).toEqual(
      expect.arrayContaining([
        FIELD_MESSAGES.storyUrl,
        FIELD_MESSAGES.webhookSecret,
        FIELD_MESSAGES.nothingChanged,
        FIELD_MESSAGES.noticeGoodFaith,
        FIELD_MESSAGES.notDateOrDateTime,
        FIELD_MESSAGES.commentTwice,
        FIELD_MESSAGES.atMostEntries(5000),
      ]),
    );
  });

  it('are each a sentence of the field-message catalogue, with an entry in errors.json', () => {
    for (const [message, where] of messages) {
      const source = fieldMessageSource(message);
      expect(source, `${where}: "${message}" is not in FIELD_MESSAGES`).toBeDefined();
      expect(t(fieldMessageKey(source!.key), source!.values), where).toBe(message);
    }
  });

  it('are never written out in a schema file: refinements and added issues name FIELD_MESSAGES too', () => {
    const folder = new URL('../src/schemas/', import.meta.url);
    for (const file of readdirSync(folder)) {
      const source = readFileSync(new URL(file, folder), 'utf8');
      const literal = /\b(?:error|message)\s*:\s*['"`][^\n]*/.exec(source);
      expect(literal?.[0], `schemas/${file}`).toBeUndefined();
    }
  });
});
