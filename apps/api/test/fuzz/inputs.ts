import fc from 'fast-check';
import type { Json } from './routes.js';

// ---- Arbitraries ---------------------------------------------------------------------------

const HOSTILE_UNITS = [
  '\u0000', '\u0001', '\u0007', '\u001b', '\u001f', '\u007f', '\u0085',
  '\ud800', '\udbff', '\udc00', '\udfff',
  '\u202e', '\u202d', '\u2066', '\u2069', '\u200b', '\u200f', '\ufeff', '\ufffe', '\uffff', '\u2028',
  '\n', '\r', '\t', ' ', '"', "'", '\\', '/', '%', '?', '#', '&', '=', '+', '<', '>', '{', '}', '$',
  '😀', '👩‍👩‍👧', 'e\u0301', 'ß', 'İ', 'ﷺ',
]; // prettier-ignore
const SPECIAL_STRINGS = [
  '', ' ', 'null', 'undefined', 'NaN', '-1', '0', '1e309', '0x10', 'true', '[]', '{}',
  '__proto__', 'constructor', '../../etc/passwd', '%00', '%ZZ', '<script>alert(1)</script>',
  "' OR 1=1 --", '\u202egnp.exe', '00000000-0000-0000-0000-000000000000',
]; // prettier-ignore

const hostileUnit = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_UNITS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
/** Short hostile text, safe for any place including a URL. */
export const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: hostileUnit, maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
  { weight: 1, arbitrary: fc.constantFrom(100, 1000).map((n) => '\u202eA\u0000'.repeat(n)) },
);
const MEGABYTE = 'x\u202e\u0000\ud800'.repeat(256 * 1024);
/** Text for bodies: the above, plus 1 MB. */
const bodyString = fc.oneof(
  { weight: 20, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.constant(MEGABYTE) },
);

const hostileNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, -1, 1.5, 2 ** 53, -(2 ** 63), Number.MAX_VALUE, 1e-320),
);
const extraKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'role', 'status', 'isAdmin', 'authorId', 'id'),
  hostileString,
);
/** Any JSON value, shallow or nested. */
export const anyJson: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    hostileNumber,
    bodyString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(extraKey, tie('value'), { maxKeys: 4 }),
  ),
})).value;
/**
 * JSON nested thousands deep (`[[[…]]]` or `{"a":{"a":…}}`), as text: fast-check itself overflows
 * the stack on values this deep, and the server parses text anyway. 30,000 stays under the 64 KB body limit.
 */
const deeplyNested = fc
  .tuple(fc.constantFrom(100, 5000, 30_000), fc.boolean())
  .map(([depth, arrays]) =>
    arrays
      ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
      : `${'{"a":'.repeat(depth / 5)}1${'}'.repeat(depth / 5)}`,
  );

/** A valid example with each part kept, dropped, retyped or made hostile, and keys added. */
export function mutated(example: Json): fc.Arbitrary<Json> {
  if (Array.isArray(example)) {
    return fc.oneof(fc.array(example.length > 0 ? mutated(example[0]) : anyJson, { maxLength: 5 }), anyJson);
  }
  if (example !== null && typeof example === 'object') {
    const entries = Object.entries(example);
    const absent = Symbol('absent');
    return fc
      .tuple(
        fc.tuple(
          ...entries.map(([, value]) =>
            fc.oneof(
              { weight: 3, arbitrary: fc.constant(value) },
              { weight: 1, arbitrary: fc.constant<unknown>(absent) },
              { weight: 2, arbitrary: mutated(value) },
            ),
          ),
        ),
        fc.dictionary(extraKey, anyJson, { maxKeys: 2 }),
      )
      .map(([values, extra]) => {
        const result: Record<string, unknown> = { ...extra };
        entries.forEach(([key], index) => {
          if (values[index] !== absent) result[key] = values[index];
          else delete result[key];
        });
        return result;
      });
  }
  if (typeof example === 'string') return fc.oneof(fc.constant(example), bodyString, anyJson);
  return fc.oneof(fc.constant(example), anyJson);
}

/** A query string: the example's keys kept, dropped, repeated or made hostile, and keys added. */
export function queryOf(example: Record<string, string>): fc.Arbitrary<[string, string][]> {
  const value = (valid?: string) =>
    fc.oneof(
      ...(valid === undefined ? [] : [{ weight: 3, arbitrary: fc.constant(valid) }]),
      { weight: 2, arbitrary: hostileString },
      { weight: 1, arbitrary: hostileNumber.map(String) },
    );
  return fc
    .tuple(
      fc.tuple(
        ...Object.entries(example).map(([key, valid]) =>
          fc.oneof(
            { weight: 3, arbitrary: value(valid).map((item) => [[key, item]] as [string, string][]) },
            { weight: 1, arbitrary: fc.constant<[string, string][]>([]) },
            // key=a&key=b arrives as an array
            {
              weight: 1,
              arbitrary: fc
                .array(value(valid), { minLength: 2, maxLength: 3 })
                .map((items) => items.map((item) => [key, item] as [string, string])),
            },
            // key[a]=b, for parsers that nest
            { weight: 1, arbitrary: value(valid).map((item) => [[`${key}[x]`, item]] as [string, string][]) },
          ),
        ),
      ),
      fc.array(fc.tuple(extraKey, value()), { maxLength: 2 }),
    )
    .map(([kept, extra]) => [...kept.flat(), ...extra]);
}

export type BodyInput = { kind: 'none' } | { kind: 'json'; value: Json } | { kind: 'raw'; text: string };
export function bodyOf(example: Json | undefined): fc.Arbitrary<BodyInput> {
  const json = (arbitrary: fc.Arbitrary<Json>) =>
    arbitrary.map((value): BodyInput => ({ kind: 'json', value }));
  return fc.oneof(
    ...(example === undefined ? [] : [{ weight: 6, arbitrary: json(mutated(example)) }]),
    { weight: 1, arbitrary: fc.constant<BodyInput>({ kind: 'none' }) },
    { weight: 2, arbitrary: json(anyJson) },
    { weight: 1, arbitrary: deeplyNested.map((text): BodyInput => ({ kind: 'raw', text })) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          fc.constantFrom('{', '{"body":', '[1,]', 'nul', '{"a":1}}', '\u0000', '{"__proto__":{"x":1}}'),
          hostileString,
        )
        .map((text): BodyInput => ({ kind: 'raw', text })),
    },
  );
}
