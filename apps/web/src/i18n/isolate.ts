/**
 * A name or title set inside a translated sentence, in its own direction: Unicode's first-strong
 * isolate (U+2068 … U+2069) keeps an Arabic name from reordering an English sentence, and the reverse.
 * Screen readers and copy-paste ignore the two marks.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}
