/**
 * The one rule for what free text a request may carry. Pure functions, no zod: the schemas apply
 * them as refinements, and anything else (a socket handler, a script) can call them directly.
 *
 * - Every text: no U+0000 (Postgres cannot store it), no other C0/C1 control character except
 *   line feed and tab, and no unpaired UTF-16 surrogate (not a character at all; it cannot be
 *   encoded as UTF-8).
 * - Names (display names): one line, so no control character at all, and no invisible
 *   character (`\p{Cf}` such as U+200B, or another default-ignorable one such as the Hangul
 *   filler), which could make one name pass for another.
 */
export type TextKind = 'text' | 'name';

export type UnsafeProblem = 'control' | 'surrogate' | 'invisible';

export interface UnsafeCharacter {
  problem: UnsafeProblem;
  /** The character as written for people, e.g. `U+0000`. */
  codePoint: string;
  /** Its UTF-16 index in the text. */
  index: number;
}

// C0 and C1 controls less tab (U+0009) and line feed (U+000A).
const TEXT_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;
const NAME_CONTROL = /\p{Cc}/u;
// With the u flag a surrogate pair is one code point, so this matches only an unpaired half.
const SURROGATE = /\p{Cs}/u;
// Variation selectors are default-ignorable too, but they choose how an emoji looks (❤️): allowed.
const INVISIBLE = /\p{Cf}|(?![\uFE00-\uFE0F\u{E0100}-\u{E01EF}])\p{Default_Ignorable_Code_Point}/u;
/**
 * A character someone can see: not white space, not a control, not a format or other
 * default-ignorable character, not a combining mark with nothing to sit on, not the blank Braille
 * pattern (U+2800), which fonts draw as nothing.
 */
const VISIBLE = /[^\p{White_Space}\p{Cc}\p{Cf}\p{Cs}\p{Default_Ignorable_Code_Point}\p{M}\u2800]/u;

function codePointLabel(text: string, index: number): string {
  const value = text.codePointAt(index) ?? 0;
  return `U+${value.toString(16).toUpperCase().padStart(4, '0')}`;
}

function firstMatch(text: string, pattern: RegExp, problem: UnsafeProblem): UnsafeCharacter | null {
  const match = pattern.exec(text);
  if (!match) return null;
  return { problem, codePoint: codePointLabel(text, match.index), index: match.index };
}

/** The first character of `text` that `kind` may not hold, or null when every character is fine. */
export function findUnsafeCharacter(text: string, kind: TextKind = 'text'): UnsafeCharacter | null {
  const found = [
    firstMatch(text, kind === 'name' ? NAME_CONTROL : TEXT_CONTROL, 'control'),
    firstMatch(text, SURROGATE, 'surrogate'),
    kind === 'name' ? firstMatch(text, INVISIBLE, 'invisible') : null,
  ].filter((candidate) => candidate !== null);
  // Report the earliest, so the message points at the first thing to fix.
  return found.reduce<UnsafeCharacter | null>(
    (first, candidate) => (first === null || candidate.index < first.index ? candidate : first),
    null,
  );
}

/** What is wrong, as the end of a sentence about a field: "body: contains a control character …". */
export function describeUnsafeCharacter(found: UnsafeCharacter, kind: TextKind = 'text'): string {
  switch (found.problem) {
    case 'control':
      return kind === 'name' && (found.codePoint === 'U+000A' || found.codePoint === 'U+0009')
        ? `contains a line break or tab (${found.codePoint}); a name must be a single line`
        : `contains a control character (${found.codePoint}) that cannot be stored; remove it`;
    case 'surrogate':
      return `contains a broken character (an unpaired surrogate, ${found.codePoint}) that cannot be stored; remove it`;
    case 'invisible':
      return `contains an invisible character (${found.codePoint}); a name cannot hold invisible characters`;
  }
}

/** True when `text` has at least one character a reader can see (see VISIBLE above). */
export function hasVisibleCharacter(text: string): boolean {
  return VISIBLE.test(text);
}
