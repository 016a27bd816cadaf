import { readdirSync, readFileSync } from 'node:fs';
import { TYPE, parse, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import {
  LOCALES,
  NAMESPACES,
  compileCatalogue,
  createCompiledTranslator,
  catalogueKeys,
  createTranslator,
  localeDirection,
  lookupMessage,
  matchLocale,
  resolveLocale,
  type Catalogue,
} from '../src/i18n/index.js';
import { DSA_ACTIONS, DSA_APPEAL_OUTCOMES, DSA_CATEGORIES, DSA_NOTICE_STATUSES } from '../src/values.js';
import { dsaActionKey, dsaCategoryKey, dsaOutcomeKey } from '../src/dsa-labels.js';

const root = new URL('../locales/', import.meta.url);
const read = (locale: string, namespace: string): Catalogue =>
  JSON.parse(readFileSync(new URL(`${locale}/${namespace}.json`, root), 'utf8')) as Catalogue;
const FILES = readdirSync(new URL('en/', root)).map((file) => file.replace(/\.json$/, ''));

/** The argument names a message uses, and its plurals' option sets, from the ICU syntax tree. */
function shape(
  elements: MessageFormatElement[],
  args = new Set<string>(),
  plurals: string[][] = [],
  selects: string[] = [],
) {
  for (const element of elements) {
    if ('value' in element && element.type !== TYPE.literal && typeof element.value === 'string')
      args.add(element.value);
    if (element.type === TYPE.plural) plurals.push(Object.keys(element.options));
    if (element.type === TYPE.select)
      selects.push(`${element.value}: ${Object.keys(element.options).sort().join(' ')}`);
    if (element.type === TYPE.plural || element.type === TYPE.select)
      for (const option of Object.values(element.options)) shape(option.value, args, plurals, selects);
    if (element.type === TYPE.tag) shape(element.children, args, plurals, selects);
  }
  return { args, plurals, selects };
}

describe('catalogues', () => {
  it('has every locale folder and no other, each with a file per namespace', () => {
    expect(readdirSync(root).sort()).toEqual([...LOCALES].sort());
    expect(FILES.sort()).toEqual([...NAMESPACES].sort());
  });

  it("keeps each namespace's top-level keys apart, so one flat key space serves every screen", () => {
    const owners = new Map<string, string>();
    for (const namespace of NAMESPACES) {
      for (const key of Object.keys(read('en', namespace))) {
        expect(
          owners.get(key),
          `${namespace}.json and ${owners.get(key)}.json both define "${key}"`,
        ).toBeUndefined();
        owners.set(key, namespace);
      }
    }
  });

  for (const locale of LOCALES) {
    const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    for (const namespace of NAMESPACES) {
      describe(`${locale}/${namespace}.json`, () => {
        const source = read('en', namespace);
        const catalogue = read(locale, namespace);

        it('has exactly the keys of the English source', () => {
          const keys = catalogueKeys(catalogue).sort();
          const expected = catalogueKeys(source).sort();
          expect(
            keys.filter((key) => !expected.includes(key)),
            'keys the source does not have',
          ).toEqual([]);
          expect(
            expected.filter((key) => !keys.includes(key)),
            'keys missing',
          ).toEqual([]);
        });

        it("keeps the source's placeholders and gives every plural the locale's forms", () => {
          for (const key of catalogueKeys(source)) {
            const message = lookupMessage(catalogue, key);
            if (message === undefined) continue; // reported by the key test
            const ast = parse(message, { ignoreTag: true, requiresOtherClause: true });
            const expected = shape(parse(lookupMessage(source, key)!, { ignoreTag: true }));
            const actual = shape(ast);
            expect([...actual.args].sort(), `${key}: placeholders`).toEqual([...expected.args].sort());
            // A select's cases are values the code passes: a translated case would never match.
            expect(actual.selects.sort(), `${key}: select cases`).toEqual(expected.selects.sort());
            for (const options of actual.plurals) {
              const missing = categories.filter((category) => !options.includes(category));
              expect(missing, `${key}: plural forms missing for ${locale}`).toEqual([]);
            }
          }
        });
      });
    }
  }
});

describe('the words of the notice-and-action workflow (DSA)', () => {
  // One list for the reader's form, the appeal page, /moderate and the mails: a value the database
  // accepts but the catalogue does not name would show as its key.
  const keys = [
    ...DSA_CATEGORIES.map(dsaCategoryKey),
    ...DSA_ACTIONS.map(dsaActionKey),
    ...DSA_APPEAL_OUTCOMES.map(dsaOutcomeKey),
  ];

  it.each(LOCALES)('names every category, action and appeal outcome in %s (reader.json)', (locale) => {
    const reader = read(locale, 'reader');
    expect(keys.filter((key) => lookupMessage(reader, key) === undefined)).toEqual([]);
    expect(
      catalogueKeys(reader)
        .filter((key) => key.startsWith('dsa.'))
        .sort(),
    ).toEqual([...keys].sort());
  });

  it.each(LOCALES)('names every notice status in %s (moderate.json)', (locale) => {
    const moderate = read(locale, 'moderate');
    const missing = DSA_NOTICE_STATUSES.filter(
      (status) => lookupMessage(moderate, `moderate.notices.statuses.${status}`) === undefined,
    );
    expect(missing).toEqual([]);
  });
});

describe('choosing a locale', () => {
  it('maps language tags to the supported locales, with the script Serbian is written in', () => {
    expect(matchLocale('ru-RU')).toBe('ru');
    expect(matchLocale('de-AT')).toBe('de');
    expect(matchLocale('sr')).toBe('sr-Cyrl');
    expect(matchLocale('sr-Latn-RS')).toBe('sr-Latn');
    expect(matchLocale('sr-ME')).toBe('sr-Latn');
    expect(matchLocale('pt-BR')).toBeUndefined();
    expect(matchLocale('not a tag!')).toBeUndefined();
  });

  it('takes the first candidate that names a supported locale, else the fallback', () => {
    expect(resolveLocale([undefined, '', 'pt', ['it', 'uk-UA', 'de']])).toBe('uk');
    expect(resolveLocale([null, ['pt']], 'fr')).toBe('fr');
  });

  it('mirrors Arabic only', () => {
    expect(LOCALES.filter((locale) => localeDirection(locale) === 'rtl')).toEqual(['ar']);
  });
});

describe('translating', () => {
  it('uses the plural forms of the locale', () => {
    const t = createTranslator('ru', read('ru', 'reader'));
    expect([1, 2, 5, 21].map((count) => t('thread.showNew', { count }))).toEqual([
      'Показать 1 новый комментарий',
      'Показать 2 новых комментария',
      'Показать 5 новых комментариев',
      'Показать 21 новый комментарий',
    ]);
  });

  it('answers an unknown key with the key itself', () => {
    expect(createTranslator('en', {})('no.such.key')).toBe('no.such.key');
  });

  it('formats parsed catalogues as the source does, looking through namespaces in order', () => {
    const t = createCompiledTranslator('ar', [
      compileCatalogue(read('ar', 'moderate')),
      compileCatalogue(read('ar', 'reader')),
    ]);
    expect(t('thread.showNew', { count: 2 })).toBe(
      createTranslator('ar', read('ar', 'reader'))('thread.showNew', { count: 2 }),
    );
    expect(t('moderate.title')).toBe('الإشراف');
    expect(t('no.such.key')).toBe('no.such.key');
  });
});
