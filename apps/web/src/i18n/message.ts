import type { MessageValues } from '@parley/shared/i18n';
import type { Translate } from './localization.js';

/**
 * Words a store keeps for a screen to show: a catalogue key with its values, put in the reader's
 * language where it is shown (stores are shared and have no language), or text as given (an API's
 * own message).
 */
export type Message = string | { readonly key: string; readonly values?: MessageValues };

export function messageText(message: Message, t: Translate): string {
  return typeof message === 'string' ? message : t(message.key, message.values);
}

/** The text of a message before and after one of its values, so a page can set that value apart. */
export interface Around {
  readonly before: string;
  readonly after: string;
}

const SLOT = '\u0000';

/**
 * A message cut around `slot` (a value a person wrote, such as a name), for a template that shows
 * the value in an element of its own (`dir="auto"`) wherever the language puts it in the sentence.
 */
export function messageAround(t: Translate, key: string, slot: string, values: MessageValues = {}): Around {
  const text = t(key, { ...values, [slot]: SLOT });
  const at = text.indexOf(SLOT);
  return at < 0 ? { before: text, after: '' } : { before: text.slice(0, at), after: text.slice(at + 1) };
}
