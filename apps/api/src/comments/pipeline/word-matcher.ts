import { WORD_LIST_MAX_WORDS } from '@parley/shared';
/**
 * Whole-word, case- and accent-insensitive matching of a word list against a comment.
 * Tokenizes once and looks tokens (and short phrases) up in a Set: linear in the comment's
 * length whatever the list holds, so matching is time-bounded and no list entry can cause a
 * regular-expression blow-up.
 */
// A word is a letter or digit followed by letters, digits and combining marks (so "I\u0301diot",
// an accent typed as a separate mark, stays one word), joined by apostrophes.
const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*(?:['’][\p{L}\p{N}][\p{L}\p{N}\p{M}]*)*/gu;
const MAX_PHRASE_WORDS = WORD_LIST_MAX_WORDS;

export function normalizeWord(text: string): string {
  // The typographic apostrophe is the same word as the plain one: "don’t" is "don't".
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/’/g, "'")
    .toLocaleLowerCase('en');
}

interface Token {
  word: string;
  start: number;
  end: number;
}

function tokenize(text: string): Token[] {
  return [...text.matchAll(TOKEN)].map((match) => ({
    word: normalizeWord(match[0]),
    start: match.index,
    end: match.index + match[0].length,
  }));
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
      for (let last = first; last < Math.min(tokens.length, first + this.longestPhrase); last++) {
        phrase = last === first ? tokens[last]!.word : `${phrase} ${tokens[last]!.word}`;
        if (this.entries.has(phrase)) found.add(text.slice(tokens[first]!.start, tokens[last]!.end));
      }
    }
    return [...found];
  }
}
