import { COMMENT_MAX_LENGTH } from './constants.js';

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
  atLeastCharacters: (min: number) => `Use at least ${min} character${min === 1 ? '' : 's'}.`,
  atMostCharacters: (max: number) => `Use at most ${max} characters.`,
  atLeast: (min: number) => `Use ${min} or more.`,
  atMost: (max: number) => `Use ${max} or less.`,
  atLeastItems: (min: number) => `Give at least ${min}.`,
  atMostItems: (max: number) => `Give at most ${max}.`,
  oneOf: (choices: readonly string[]) => `Choose one of: ${choices.join(', ')}.`,
  /** The text rule's description (`describeUnsafeCharacter`, text/safe-text.ts) as a sentence. */
  unsafeCharacter: (described: string) => `This ${described}.`,
  cursorNotValid: 'This page link is not valid: start again from the first page.',
  slugTaken: 'Another story has this slug: choose another.',
  slugReserved: 'This slug is reserved: choose another.',
  unknownKeys: (keys: readonly string[]) =>
    `Remove ${keys.join(', ')}: ${keys.length === 1 ? 'it is' : 'they are'} not accepted here.`,

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
} as const;
