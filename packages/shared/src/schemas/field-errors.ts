import type { z } from 'zod';
import { FIELD_MESSAGES } from '../field-messages.js';

type RawIssue = z.core.$ZodRawIssue;

const TYPE_MESSAGES: Record<string, string> = {
  string: FIELD_MESSAGES.notText,
  number: FIELD_MESSAGES.notNumber,
  int: FIELD_MESSAGES.notWholeNumber,
  boolean: FIELD_MESSAGES.notTrueOrFalse,
  array: FIELD_MESSAGES.notList,
  object: FIELD_MESSAGES.notObject,
  date: FIELD_MESSAGES.notDate,
};

const FORMAT_MESSAGES: Record<string, string> = {
  email: FIELD_MESSAGES.email,
  url: FIELD_MESSAGES.notUrl,
  datetime: FIELD_MESSAGES.notDate,
  uuid: FIELD_MESSAGES.notId,
};

/**
 * Words zod's own checks from the field-message catalogue, for the checks a schema leaves without a
 * message of its own (a schema's message wins): pass it to a parse, `schema.safeParse(value, { error:
 * fieldErrorMap })`, and every field message in the answer is a catalogue sentence.
 */
export function fieldErrorMap(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return FIELD_MESSAGES.required;
      return TYPE_MESSAGES[issue.expected] ?? FIELD_MESSAGES.notValid;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') {
        return min <= 1 ? FIELD_MESSAGES.empty : FIELD_MESSAGES.atLeastCharacters(min);
      }
      if (issue.origin === 'array' || issue.origin === 'set') return FIELD_MESSAGES.atLeastItems(min);
      return FIELD_MESSAGES.atLeast(min);
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return FIELD_MESSAGES.atMostCharacters(max);
      if (issue.origin === 'array' || issue.origin === 'set') return FIELD_MESSAGES.atMostItems(max);
      return FIELD_MESSAGES.atMost(max);
    }
    case 'invalid_format':
      return FORMAT_MESSAGES[issue.format] ?? FIELD_MESSAGES.notValid;
    case 'invalid_value':
      if (issue.input === undefined) return FIELD_MESSAGES.required;
      return FIELD_MESSAGES.oneOf(issue.values.map(String));
    case 'unrecognized_keys':
      return FIELD_MESSAGES.unknownKeys(issue.keys);
    // A refinement without a message of its own, a bad key or element, a union nothing matched.
    case 'custom':
    case 'invalid_element':
    case 'invalid_key':
    case 'invalid_union':
    case 'not_multiple_of':
    case undefined:
      return FIELD_MESSAGES.notValid;
  }
}

/** A failed parse as the API's field errors: each bad field's path (or `whole` for the value itself) → its first message. */
export function fieldErrorsOf(error: z.ZodError, whole = 'request'): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.join('.') || whole;
    fields[path] ??= issue.message;
  }
  return fields;
}
