/** The parameters of a field message, as its catalogue entry (`field.<key>` in errors.json) names them. */
export type FieldMessageValues = Record<string, string | number>;

/** A field message's catalogue key and parameters, for wording it in another language. */
export interface FieldMessageSource {
  key: string;
  values?: FieldMessageValues;
}

// The English sentences field-message functions have produced → their key and parameters, so a
// sentence a schema holds can be worded again in the reader's language where a 4xx body is built.
// The first entries (the schemas' own, made as they load) stay; later ones (a parse's wording of a
// bound or of unknown keys) live in a bounded most-recent set, since they may echo a client's input.
const KEPT_LIMIT = 500;
const RECENT_LIMIT = 2000;
const kept = new Map<string, FieldMessageSource>();
const recent = new Map<string, FieldMessageSource>();

/**
 * A field message with parameters: `values` names them as the catalogue entry does, `english` words
 * them as the English catalogue does; every sentence it makes is remembered with its key and values.
 */
export function remember<A extends unknown[], V extends FieldMessageValues>(
  key: string,
  values: (...args: A) => V,
  english: (values: V) => string,
): (...args: A) => string {
  return (...args) => {
    const given = values(...args);
    const text = english(given);
    if (kept.has(text)) return text;
    if (kept.size < KEPT_LIMIT) kept.set(text, { key, values: given });
    else {
      recent.delete(text);
      recent.set(text, { key, values: given });
      if (recent.size > RECENT_LIMIT) recent.delete(recent.keys().next().value!);
    }
    return text;
  };
}

/** The key and values of a sentence a `remember`ed message made, or undefined. */
export function rememberedSource(text: string): FieldMessageSource | undefined {
  return kept.get(text) ?? recent.get(text);
}
