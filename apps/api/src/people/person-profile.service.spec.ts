import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FIXTURE_TIME, user } from '../testing/fixtures.js';
import { unitModule } from '../testing/unit-module.js';
import { UsersRepository } from '../users/users.repository.js';
import { ModeratorNotesRepository } from './moderator-notes.repository.js';
import { PeopleRepository } from './people.repository.js';
import { PersonProfileService } from './person-profile.service.js';

const ADMIN = user({ id: 'admin-id', role: 'admin' });
const MODERATOR = user({ id: 'moderator-id', role: 'moderator' });

describe(PersonProfileService.name, () => {
  let sut: PersonProfileService;
  let person = user();

  beforeEach(async () => {
    person = user({ id: 'person-id', email: 'eve@example.org', emailVerifiedAt: FIXTURE_TIME });
    const people = {
      commentCounts: vi.fn(async () => ({ published: 1, pending: 0, approved: 0, rejected: 0, deleted: 0 })),
      reportCounts: vi.fn(async () => ({ made: 0, madeOpen: 0, received: 0, receivedOpen: 0 })),
      sanctions: vi.fn(async () => [
        {
          id: 'log-id',
          action: 'suspend',
          reason: null,
          details: { hours: 3, until: '2026-01-01T03:00:00.000Z' },
          createdAt: FIXTURE_TIME,
          actor: 'mo',
        },
      ]),
    };
    ({ sut } = await unitModule(PersonProfileService, [
      { provide: UsersRepository, useValue: { findById: vi.fn(async () => person) } },
      { provide: PeopleRepository, useValue: people },
      { provide: ModeratorNotesRepository, useValue: { count: vi.fn(async () => 2) } },
    ]));
  });

  it('gives admins the address and moderators only whether it is confirmed', async () => {
    expect(await sut.profile(person.id, ADMIN)).toMatchObject({
      email: 'eve@example.org',
      emailConfirmed: true,
    });
    expect(await sut.profile(person.id, MODERATOR)).toMatchObject({ email: null, emailConfirmed: true });
  });

  it('reads a suspension whose time has passed as active, with no end date', async () => {
    person = { ...person, status: 'suspended', suspendedUntil: new Date(Date.now() - 1000) };

    expect(await sut.profile(person.id, MODERATOR)).toMatchObject({ status: 'active', suspendedUntil: null });
  });

  it('takes the sanctions from the log with their length, and tells single sign-on accounts apart', async () => {
    person = { ...person, ssoSubject: 'host-42', passwordHash: null };

    const profile = await sut.profile(person.id, MODERATOR);

    expect(profile.signIn).toBe('sso');
    expect(profile.noteCount).toBe(2);
    expect(profile.sanctions).toEqual([
      {
        id: 'log-id',
        action: 'suspend',
        actor: 'mo',
        reason: null,
        hours: 3,
        until: '2026-01-01T03:00:00.000Z',
        createdAt: FIXTURE_TIME.toISOString(),
      },
    ]);
  });
});
