/**
 * Words that would pass a reader off as the site's staff. Registration refuses a name that is one
 * of them, or starts or ends with one, once letter case, digits and separators are set aside:
 * `Admin`, `admin1`, `the_admin`, `Parley-Support`, `sysadmin`, `moderator.team`. A name with the
 * word inside another word (`badminton`) is fine; one that merely starts with one (`supportive`)
 * is refused too, the price of catching `admin_of_this`. PARLEY_ADMIN may still use any of them.
 */
export const RESERVED_WORDS = [
  'admin',
  'administrator',
  'moderator',
  'moderation',
  'parley',
  'staff',
  'support',
  'helpdesk',
  'official',
  'sysop',
  'webmaster',
  'editor',
  'security',
] as const;

/** Whether a username (or display name) may not be taken at registration. */
export function isReservedName(name: string): boolean {
  const letters = name.toLowerCase().replace(/[^\p{L}]/gu, '');
  return RESERVED_WORDS.some((word) => letters.startsWith(word) || letters.endsWith(word));
}
