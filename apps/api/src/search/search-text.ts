/**
 * A moderator's search text turned into a Postgres tsquery, built here from words alone.
 *
 * Syntax: words (all must match), "quoted phrases" (those words in that order; `"brown qu*"` ends in a
 * prefix), `word*` (a prefix)
 * and `-word` (must not match). Anything that is not a letter, mark or digit only separates words,
 * the way Postgres's parser splits comment text, so `&|!():*'\` and the like can never reach
 * tsquery syntax: the result is made of quoted lexemes and operators this file writes. It is sent
 * as a bound parameter to `to_tsquery('simple', …)`, never spliced into SQL. Case is left to
 * Postgres, which folds the query exactly as it folded the indexed text.
 */

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** One part of a search: a phrase of one or more words, maybe a prefix (its last word), maybe excluded. */
export interface SearchTerm {
  words: string[];
  prefix: boolean;
  excluded: boolean;
}

export interface ParsedSearch {
  terms: SearchTerm[];
  /** The tsquery text, or null when nothing positive is left to look for (such a search finds nothing). */
  tsquery: string | null;
}

function wordsOf(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** A lexeme quoted for tsquery syntax; words hold no quotes or backslashes, but escape anyway. */
function quoted(word: string): string {
  return `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

function termQuery(term: SearchTerm): string {
  const parts = term.words.map(quoted);
  if (term.prefix) parts[parts.length - 1] += ':*';
  const phrase = parts.length === 1 ? parts[0]! : `(${parts.join(' <-> ')})`;
  return term.excluded ? `!${phrase}` : phrase;
}

/** Splits the search text into terms: quoted phrases first, then the words between them. */
export function parseSearchText(text: string): ParsedSearch {
  const terms: SearchTerm[] = [];
  // A quote with no partner runs to the end of the text.
  const pieces = /(-?)"([^"]*)"?|(\S+)/g;
  for (const match of text.matchAll(pieces)) {
    const [, minus, phrase, bare] = match;
    if (phrase !== undefined) {
      const words = wordsOf(phrase);
      // `"brown qu*"`: the phrase's last word is a prefix.
      if (words.length > 0) terms.push({ words, prefix: /\*\s*$/.test(phrase), excluded: minus === '-' });
      continue;
    }
    const token = bare!;
    const excluded = token.startsWith('-');
    const prefix = token.endsWith('*');
    // `don't` or `foo-bar` are one term of several words in a row, as the text's parser splits them.
    const words = wordsOf(token);
    if (words.length > 0) terms.push({ words, prefix, excluded });
  }
  const positive = terms.filter((term) => !term.excluded);
  if (positive.length === 0) return { terms, tsquery: null };
  // Positive terms first, so that the query never starts with a negation.
  const ordered = [...positive, ...terms.filter((term) => term.excluded)];
  return { terms, tsquery: ordered.map(termQuery).join(' & ') };
}
