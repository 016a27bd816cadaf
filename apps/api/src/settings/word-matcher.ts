import { createRequire } from 'node:module';
import { WORD_LIST_MAX_WORDS } from '@parley/shared';
/**
 * Whole-word, case- and accent-insensitive matching of a word list against a comment, blind to
 * invisible characters and to look-alike letters from other scripts. Tokenizes once and looks
 * tokens (and short phrases) up in a Set: linear in the comment's length whatever the list holds,
 * so matching is time-bounded and no list entry can cause a regular-expression blow-up.
 */
// A word is a letter or digit followed by letters, digits and combining marks (so "I\u0301diot",
// an accent typed as a separate mark, stays one word), joined by apostrophes. Format characters
// (\p{Cf}: zero-width space, soft hyphen, joiners) inside a word are part of it, so "id\u200Biot"
// is one word; one at either end is not. \p{Cf} shares no character with letters, digits and
// marks, so the pattern cannot backtrack.
const LETTERS = String.raw`[\p{L}\p{N}](?:\p{Cf}*[\p{L}\p{N}\p{M}])*`;
const TOKEN = new RegExp(String.raw`${LETTERS}(?:\p{Cf}*['’]\p{Cf}*${LETTERS})*`, 'gu');
const MAX_PHRASE_WORDS = WORD_LIST_MAX_WORDS;
// Marks (accents) and characters that show nothing: format characters and the other
// default-ignorable ones (Hangul fillers, the combining grapheme joiner).
const IGNORED = /[\p{M}\p{Cf}\p{Default_Ignorable_Code_Point}]+/gu;

/**
 * Unicode's confusables mapping (UTS #39, confusables.txt): a character to the prototype it looks
 * like, e.g. Cyrillic "о" to Latin "o". unhomoglyph keeps it current; we read its data rather
 * than its function so that ASCII is never remapped (see foldLookAlikes).
 */
const CONFUSABLES: ReadonlyMap<string, string> = new Map(
  Object.entries(createRequire(import.meta.url)('unhomoglyph/data.json') as Record<string, string>),
);

/**
 * The UTS #39 skeleton step, for characters outside ASCII only. The full skeleton also folds
 * ASCII into ASCII ("m" to "rn", "I" and "1" to "l", "0" to "O"), which would make "burn"
 * match "bum"; a word filter wants the look-alikes from other scripts, not those.
 */
function foldLookAlikes(text: string): string {
  let folded = '';
  for (const character of text) {
    folded += character.charCodeAt(0) < 0x80 ? character : (CONFUSABLES.get(character) ?? character);
  }
  return folded;
}

const ASCII = /^[\u0000-\u007F]*$/;

function stripIgnored(text: string): string {
  return text.normalize('NFKD').replace(IGNORED, '');
}

/**
 * A word as the list compares it: compatibility forms unfolded (full-width, mathematical letters),
 * accents and invisible characters dropped, lower case, then look-alikes folded to what they look
 * like, so "Ídiot", "id\u200Biot" and "іdіоt" (Cyrillic і and о) are all "idiot". The typographic
 * apostrophe is the plain one: "don’t" is "don't".
 */
export function normalizeWord(text: string): string {
  // Most words are plain ASCII, which has nothing to unfold, strip or fold.
  if (ASCII.test(text)) return text.toLowerCase();
  const lower = stripIgnored(text).replace(/’/g, "'").toLocaleLowerCase('en');
  return stripIgnored(foldLookAlikes(lower)).toLocaleLowerCase('en');
}

/**
 * The same, folding look-alikes before lower-casing: capitals such as Cyrillic "Т" and "Н" look
 * like Latin "T" and "H" while their small letters do not look like "t" and "h". Text is matched
 * in both forms; list entries only in normalizeWord's, so that a Cyrillic entry typed in capitals
 * still matches its own word in any case and never an English one.
 */
function normalizeCapitals(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  const folded = foldLookAlikes(stripIgnored(text).replace(/’/g, "'"));
  return stripIgnored(folded).toLocaleLowerCase('en');
}

interface Token {
  word: string;
  /** The word by normalizeCapitals (text only). */
  capitals: string;
  start: number;
  end: number;
}

function tokenize(text: string): Token[] {
  return (
    [...text.matchAll(TOKEN)]
      .map((match) => ({
        word: normalizeWord(match[0]),
        capitals: normalizeCapitals(match[0]),
        start: match.index,
        end: match.index + match[0].length,
      }))
      // A "word" of nothing but invisible letters (a Hangul filler) is no word.
      .filter((token) => token.word !== '')
  );
}

export class WordMatcher {
  private readonly entries: Set<string>;
  private readonly longestPhrase: number;

  constructor(words: readonly string[]) {
    const phrases = words
      .map((word) => tokenize(word).map((token) => token.word))
      .filter((tokens) => tokens.length > 0 && tokens.length <= MAX_PHRASE_WORDS);
    this.entries = new Set(phrases.map((tokens) => tokens.join(' ')));
    this.longestPhrase = Math.max(0, ...phrases.map((tokens) => tokens.length));
  }

  get size(): number {
    return this.entries.size;
  }

  /** The fragments of `text` (as written) that match an entry, each once. */
  match(text: string): string[] {
    if (this.entries.size === 0) return [];
    const tokens = tokenize(text);
    const found = new Set<string>();
    for (let first = 0; first < tokens.length; first++) {
      let phrase = '';
      let capitals = '';
      for (let last = first; last < Math.min(tokens.length, first + this.longestPhrase); last++) {
        const token = tokens[last]!;
        phrase = last === first ? token.word : `${phrase} ${token.word}`;
        capitals = last === first ? token.capitals : `${capitals} ${token.capitals}`;
        if (this.entries.has(phrase) || this.entries.has(capitals)) {
          found.add(text.slice(tokens[first]!.start, token.end));
        }
      }
    }
    return [...found];
  }
}
