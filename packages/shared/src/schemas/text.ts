import type { z } from 'zod';
import {
  findUnsafeCharacter,
  hasVisibleCharacter,
  type TextKind,
  type UnsafeCharacter,
} from '../text/safe-text.js';
import { FIELD_MESSAGES } from '../field-messages.js';

export interface TextRuleOptions {
  /** `name` is stricter: one line, no invisible characters (see text/safe-text.ts). */
  kind?: TextKind;
  /** Refuse text with nothing a reader can see once white space and invisible characters are set aside. */
  visible?: boolean;
}

/**
 * `.superRefine(textRule())` on a free-text string schema: the shared text rule as one field error
 * a person can act on ("contains a control character (U+0000) that cannot be stored; remove it").
 * Put it after `.trim()` and the length checks; give `min(1)` `abort: true` so that an empty
 * value gets the plain "cannot be empty" alone.
 */
export function textRule({ kind = 'text', visible = false }: TextRuleOptions = {}) {
  return (value: string, ctx: z.RefinementCtx<string>): void => {
    const unsafe = findUnsafeCharacter(value, kind);
    if (unsafe) {
      ctx.addIssue({
        code: 'custom',
        message: unsafeCharacterMessage(unsafe, kind),
        input: value,
      });
    } else if (visible && !hasVisibleCharacter(value)) {
      ctx.addIssue({
        code: 'custom',
        message: FIELD_MESSAGES.noVisibleCharacters,
        input: value,
      });
    }
  };
}

/** The text rule's finding as a field message (the sentence `describeUnsafeCharacter` ends, whole). */
function unsafeCharacterMessage(found: UnsafeCharacter, kind: TextKind): string {
  switch (found.problem) {
    case 'control':
      return kind === 'name' && (found.codePoint === 'U+000A' || found.codePoint === 'U+0009')
        ? FIELD_MESSAGES.unsafeLineBreak(found.codePoint)
        : FIELD_MESSAGES.unsafeControl(found.codePoint);
    case 'surrogate':
      return FIELD_MESSAGES.unsafeSurrogate(found.codePoint);
    case 'invisible':
      return FIELD_MESSAGES.unsafeInvisible(found.codePoint);
  }
}
