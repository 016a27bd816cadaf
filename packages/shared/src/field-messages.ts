import { COMMENT_MAX_LENGTH } from './constants.js';
import {
  remember,
  rememberedSource,
  type FieldMessageSource,
  type FieldMessageValues,
} from './field-message-memory.js';
import { MODERATION_FIELD_MESSAGES } from './field-messages-moderation.js';

export type { FieldMessageSource, FieldMessageValues } from './field-message-memory.js';

/**
 * The field-message catalogue: every message the API puts beside a form field (the `fields` of a
 * `request/invalid` answer, path → message). Each is a whole sentence a person can act on, shown as
 * it is, in the voice of a form ("Use at least 8 characters."), never a developer's fragment.
 *
 * The shared schemas name their messages from here; zod's own checks that a schema leaves without a
 * message (a missing field, a wrong type, an unknown key, a bound) are worded by `fieldErrorMap`
 * (`schemas/field-errors.ts`) from the generic entries below.
 */
export const FIELD_MESSAGES = {
  // Generic: what zod's own checks become.
  required: 'Fill this in.',
  empty: 'This cannot be empty.',
  notValid: 'This is not valid.',
  notText: 'This must be text.',
  notNumber: 'This must be a number.',
  notWholeNumber: 'This must be a whole number.',
  notTrueOrFalse: 'This must be true or false.',
  notList: 'This must be a list.',
  notObject: 'This must be an object with named fields.',
  notId: 'This is not a valid id.',
  notDate: 'This must be a date and time like 2026-01-31T12:00:00Z.',
  notUrl: 'Enter an address that starts with http:// or https://.',
  atLeastCharacters: remember(
    'atLeastCharacters',
    (min: number) => ({ min }),
    ({ min }) => `Use at least ${min} character${min === 1 ? '' : 's'}.`,
  ),
  atMostCharacters: remember(
    'atMostCharacters',
    (max: number) => ({ max }),
    ({ max }) => `Use at most ${max} characters.`,
  ),
  atLeast: remember(
    'atLeast',
    (min: number) => ({ min }),
    ({ min }) => `Use ${min} or more.`,
  ),
  atMost: remember(
    'atMost',
    (max: number) => ({ max }),
    ({ max }) => `Use ${max} or less.`,
  ),
  atLeastItems: remember(
    'atLeastItems',
    (min: number) => ({ min }),
    ({ min }) => `Give at least ${min}.`,
  ),
  atMostItems: remember(
    'atMostItems',
    (max: number) => ({ max }),
    ({ max }) => `Give at most ${max}.`,
  ),
  oneOf: remember(
    'oneOf',
    (choices: readonly string[]) => ({ choices: choices.join(', ') }),
    ({ choices }) => `Choose one of: ${choices}.`,
  ),
  // The text rule (`findUnsafeCharacter`, text/safe-text.ts): what is wrong, and which character.
  unsafeLineBreak: remember(
    'unsafeLineBreak',
    (codePoint: string) => ({ codePoint }),
    ({ codePoint }) => `This contains a line break or tab (${codePoint}); a name must be a single line.`,
  ),
  unsafeControl: remember(
    'unsafeControl',
    (codePoint: string) => ({ codePoint }),
    ({ codePoint }) => `This contains a control character (${codePoint}) that cannot be stored; remove it.`,
  ),
  unsafeSurrogate: remember(
    'unsafeSurrogate',
    (codePoint: string) => ({ codePoint }),
    ({ codePoint }) =>
      `This contains a broken character (an unpaired surrogate, ${codePoint}) that cannot be stored; remove it.`,
  ),
  unsafeInvisible: remember(
    'unsafeInvisible',
    (codePoint: string) => ({ codePoint }),
    ({ codePoint }) =>
      `This contains an invisible character (${codePoint}); a name cannot hold invisible characters.`,
  ),
  cursorNotValid: 'This page link is not valid: start again from the first page.',
  slugTaken: 'Another story has this slug: choose another.',
  slugReserved: 'This slug is reserved: choose another.',
  unknownKeys: remember(
    'unknownKeys',
    (keys: readonly string[]) => ({ keys: keys.join(', '), count: keys.length }),
    ({ keys, count }) => `Remove ${keys}: ${count === 1 ? 'it is' : 'they are'} not accepted here.`,
  ),

  // Accounts: register, sign in, the account page.
  username: 'Use 3 to 32 letters, digits, dots, dashes or underscores.',
  usernameRequired: 'Enter your username.',
  usernameTaken: 'That username is taken: choose another.',
  reservedForStaff: "That name is kept for the site's staff: choose another.",
  passwordRequired: 'Enter your password.',
  passwordTooShort: 'Use at least 8 characters.',
  passwordTooLong: 'Use at most 200 characters.',
  newPasswordRequired: 'Enter a new password.',
  currentPasswordRequired: 'Enter your current password.',
  currentPasswordWrong: 'That is not your current password.',
  displayNameRequired: 'Enter a name.',
  displayNameTooLong: 'Use at most 64 characters.',
  email: 'Enter an email address like name@example.org.',
  emailTooLong: 'Use at most 254 characters.',
  emailTaken: 'Another account uses this address: use another one.',
  nothingToChange: 'Give a new email, display name or language.',
  ssoTokenRequired: 'A sign-on token is needed.',

  // Comments.
  commentRequired: 'Write your comment first.',
  commentEmpty: 'Write something first: the comment is empty.',
  commentTooLong: `Keep it under ${COMMENT_MAX_LENGTH.toLocaleString('en')} characters.`,
  noVisibleCharacters:
    'Write something a reader can see: spaces and invisible characters alone do not count.',

  // Stories, webhooks, search, DSA notices, imports and the moderation screens.
  ...MODERATION_FIELD_MESSAGES,
} as const;

export type FieldMessageKey = keyof typeof FIELD_MESSAGES;

// Fixed sentences with a number in them: the catalogue formats the number in the reader's locale.
const STATIC_VALUES: Partial<Record<FieldMessageKey, FieldMessageValues>> = {
  commentTooLong: { max: COMMENT_MAX_LENGTH },
};

const STATIC_SOURCES = new Map<string, FieldMessageSource>(
  Object.entries(FIELD_MESSAGES).flatMap(([key, message]) =>
    typeof message === 'string'
      ? [[message, { key, values: STATIC_VALUES[key as FieldMessageKey] }] as const]
      : [],
  ),
);

/** The parameters a fixed field message's catalogue entry takes (tests compare the English). */
export function fieldMessageStaticValues(key: FieldMessageKey): FieldMessageValues | undefined {
  return STATIC_VALUES[key];
}

/** The key and parameters of an English field message from this catalogue, or undefined for any other text. */
export function fieldMessageSource(message: string): FieldMessageSource | undefined {
  return STATIC_SOURCES.get(message) ?? rememberedSource(message);
}

/** The catalogue key of a field message (`field.<key>` in errors.json). */
export function fieldMessageKey(key: string): string {
  return `field.${key}`;
}

/**
 * A field message in another language: `translate` looks keys up in the errors catalogue of that
 * language. Text that is not a catalogue sentence comes back as it is.
 */
export function translateFieldMessage(
  message: string,
  translate: (key: string, values?: FieldMessageValues) => string,
): string {
  const source = fieldMessageSource(message);
  return source ? translate(fieldMessageKey(source.key), source.values) : message;
}
