import { describe, expect, it } from 'vitest';
import { isReservedName as sut } from './reserved-names.js';

describe('isReservedName', () => {
  it.each([
    'admin',
    'ADMIN',
    'Admin1',
    '1admin',
    'the_admin',
    'admin.of.this',
    'sysadmin',
    'Administrator',
    'moderator',
    'Mod-Erator',
    'parley',
    'Parley_Support',
    'staff',
    'support42',
    'official.newsroom',
    'the-editor',
  ])('reserves %s', (name) => {
    expect(sut(name)).toBe(true);
  });

  it.each(['alice', 'badminton', 'reader_42', 'moderate_views', 'half_staffed_'])(
    'leaves %s free',
    (name) => {
      expect(sut(name)).toBe(false);
    },
  );
});
