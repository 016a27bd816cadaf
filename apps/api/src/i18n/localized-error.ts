import { ERRORS, errorMessageKey, translateFieldMessage, type ApiErrorBody } from '@parley/shared';
import type { Locale } from '@parley/shared/i18n';
import { catalogues } from './catalogues.js';

/**
 * An error body in the reader's language (errors.json): the code's message, and each field message
 * the catalogue knows. A message more specific than the code's own stays as it is in English; in
 * another language the code's message stands for it, except for invalid input, whose field messages
 * say what is wrong.
 */
export function localizeErrorBody(body: ApiErrorBody, locale: Locale): ApiErrorBody {
  const translate = catalogues.translator(locale, 'errors');
  const fields =
    body.fields &&
    Object.fromEntries(
      Object.entries(body.fields).map(([path, message]) => [path, translateFieldMessage(message, translate)]),
    );
  let message = body.message;
  if (message === ERRORS[body.code].message || locale !== 'en') {
    message = translate(errorMessageKey(body.code));
    if (body.code === 'request/invalid' && fields && locale !== 'en') {
      message = [message, ...Object.entries(fields).map(([path, problem]) => `${path}: ${problem}`)].join(
        ' ',
      );
    }
  }
  return { ...body, message, ...(fields && { fields }) };
}
