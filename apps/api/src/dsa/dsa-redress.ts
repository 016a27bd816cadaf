import { LOCALES, type Locale } from '@parley/shared/i18n';
import { catalogues } from '../i18n/catalogues.js';

const DEFAULT_REDRESS = 'moderate.notices.decision.defaultRedress';

/**
 * A decision's redress as a party reads it: the moderator's own words, or, when they sent the
 * decision form's default as it was (in whatever language they moderate in), that default in the
 * reader's language, so the legal options read in the language of the rest of the statement.
 */
export function redressIn(redress: string, locale: Locale): string {
  const standard = LOCALES.some(
    (other) => catalogues.translator(other, 'moderate')(DEFAULT_REDRESS) === redress.trim(),
  );
  return standard ? catalogues.translator(locale, 'moderate')(DEFAULT_REDRESS) : redress;
}
