import { remember } from './field-message-memory.js';

/**
 * The field messages of stories, webhooks, search, DSA notices, imports and the moderation screens,
 * part of `FIELD_MESSAGES` (field-messages.ts): whole sentences that say what to do, each with its
 * entry `field.<key>` in every errors.json.
 */
export const MODERATION_FIELD_MESSAGES = {
  // Stories.
  slug: 'Use lower-case letters and digits, with hyphens between words (like my-first-story).',
  storyUrl:
    'Enter the full address of the page, starting with http:// or https://, without a user name or password.',
  storyKeysNone: 'Give at least one url or id.',
  storyKeysTooMany: remember(
    'storyKeysTooMany',
    (max: number) => ({ max }),
    ({ max }) => `Give at most ${max} urls and ids together.`,
  ),
  nothingChanged: 'Change at least one field.',

  // Webhooks.
  webhookEvents: 'Choose at least one event.',
  webhookSecret: 'Use 16 to 200 printable characters, without spaces.',

  // Search and the moderation log's filters.
  searchTooManyWords: remember(
    'searchTooManyWords',
    (max: number) => ({ max }),
    ({ max }) => `Use at most ${max} words.`,
  ),
  storyRef: 'Enter a story id or slug.',
  personRef: 'Enter a username or an id.',
  endBeforeStart: 'Choose an end that is not before the start.',
  endAfterStart: 'Choose an end after the start.',
  rankNeedsQuery: 'Enter search words to sort by relevance.',
  notDateOrDateTime: 'Enter a date like 2026-01-31, or a date and time like 2026-01-31T12:00:00Z.',

  // DSA notices.
  noticeGoodFaith: 'Confirm that you believe the information in this notice is accurate and complete.',
  noticeNeedsField: 'Fill this in: this kind of notice needs it.',

  // Moderation: bulk decisions, sanctions, word lists, toxicity thresholds.
  selectComments: 'Select at least one comment.',
  atMostComments: remember(
    'atMostComments',
    (max: number) => ({ max }),
    ({ max }) => `Select at most ${max} comments at once.`,
  ),
  commentTwice: 'Select each comment only once.',
  reasonRequired: 'Give a reason.',
  wordEntryEmpty: 'Remove the empty entries.',
  wordEntryTooLong: remember(
    'wordEntryTooLong',
    (max: number) => ({ max }),
    ({ max }) => `Keep each entry to ${max} characters or fewer.`,
  ),
  wordEntryTooManyWords: remember(
    'wordEntryTooManyWords',
    (max: number) => ({ max }),
    ({ max }) => `Keep each entry to ${max} words or fewer.`,
  ),
  atMostEntries: remember(
    'atMostEntries',
    (max: number) => ({ max }),
    ({ max }) => `Keep the list to ${max} entries or fewer.`,
  ),
  thresholdNotNumber: 'Enter a number from 0 to 1, or nothing to turn this off.',
  thresholdRange: 'Use a number from 0 to 1.',

  // Imports, single sign-on, mailed links.
  fileNameRequired: 'Give the name of the file.',
  unixTime: 'Use a Unix time: a whole number of seconds.',
  linkIncomplete: 'This link is not complete: open it again from the email.',
} as const;
