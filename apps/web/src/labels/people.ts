import type { PersonProfile } from '@parley/shared';
import type { Translate } from '../i18n/localization.js';

// The person drawer's sentences that depend on the profile, in the catalogue's words (moderate.person).

export function statusText(
  t: Translate,
  profile: PersonProfile,
  formatDate: (iso: string) => string,
): string {
  switch (profile.status) {
    case 'active':
      return t('moderate.person.standing.active');
    case 'suspended':
      return profile.suspendedUntil
        ? t('moderate.person.standing.suspendedUntil', { date: formatDate(profile.suspendedUntil) })
        : t('moderate.person.standing.suspended');
    case 'banned':
      return profile.banReason
        ? t('moderate.person.standing.bannedFor', { reason: profile.banReason })
        : t('moderate.person.standing.banned');
  }
}

export function emailText(t: Translate, profile: PersonProfile): string {
  if (!profile.hasEmail) return t('moderate.person.emailNone');
  if (profile.email)
    return t(
      profile.emailConfirmed
        ? 'moderate.person.emailAddressConfirmed'
        : 'moderate.person.emailAddressUnconfirmed',
      { email: profile.email },
    );
  return t(profile.emailConfirmed ? 'moderate.person.emailConfirmed' : 'moderate.person.emailUnconfirmed');
}
