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
