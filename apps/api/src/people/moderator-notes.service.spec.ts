import { RateLimiterMemory } from 'rate-limiter-flexible';
import { beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { RateLimiterFactory } from '../common/rate-limiter.js';
import { ModerationLogRepository } from '../moderation-log/moderation-log.repository.js';
import { RealtimeService } from '../realtime/realtime.service.js';
import { bindable, executorsOf, fakeTransactions, FIXTURE_TIME, user } from '../testing/fixtures.js';
import { unitModule, type DeepMocked } from '../testing/unit-module.js';
import { UsersRepository } from '../users/users.repository.js';
import { ModeratorNotesRepository } from './moderator-notes.repository.js';
import { ModeratorNotesService, NOTES_PER_WINDOW } from './moderator-notes.service.js';

const MODERATOR = user({ id: 'moderator-id', username: 'mo', displayName: 'Mo', role: 'moderator' });
const PERSON = user({ id: 'person-id', username: 'eve' });

describe(ModeratorNotesService.name, () => {
  let sut: ModeratorNotesService;
  let trx: object;
  let notes: { insert: Mock; page: Mock; count: Mock };
  let log: { record: Mock };
  let users: { findById: Mock };
  let realtime: DeepMocked<RealtimeService>;

  beforeEach(async () => {
    const transactions = fakeTransactions();
    trx = transactions.trx;
    notes = bindable({
      insert: vi.fn(async (note: { userId: string; body: string; authorId: string }) => ({
        id: 'note-id',
        ...note,
        createdAt: FIXTURE_TIME,
      })),
      page: vi.fn(),
      count: vi.fn(),
    });
    log = bindable({ record: vi.fn(async () => undefined) });
    users = { findById: vi.fn(async (id: string) => (id === PERSON.id ? PERSON : undefined)) };
    const module = await unitModule(ModeratorNotesService, [
      transactions.provider,
      { provide: ModeratorNotesRepository, useValue: notes },
      { provide: ModerationLogRepository, useValue: log },
      { provide: UsersRepository, useValue: users },
      {
        provide: RateLimiterFactory,
        useValue: {
          create: (_: string, points: number, duration: number) =>
            new RateLimiterMemory({ points, duration }),
        },
      },
    ]);
    sut = module.sut;
    realtime = module.get(RealtimeService);
  });

  it('stores the note and its log entry in one transaction, then tells the moderation room', async () => {
    const note = await sut.add(PERSON.id, 'Warned about links', MODERATOR);

    expect(note).toEqual({
      id: 'note-id',
      userId: PERSON.id,
      body: 'Warned about links',
      author: { id: MODERATOR.id, username: 'mo', displayName: 'Mo', role: 'moderator' },
      createdAt: FIXTURE_TIME.toISOString(),
    });
    expect(executorsOf(notes.insert)).toEqual([trx]);
    expect(executorsOf(log.record)).toEqual([trx]);
    expect(log.record).toHaveBeenCalledWith({
      actorId: MODERATOR.id,
      action: 'user_note',
      userId: PERSON.id,
      details: { noteId: 'note-id', body: 'Warned about links' },
    });
    expect(realtime.noteAdded).toHaveBeenCalledWith({ note });
  });

  it('refuses a note about nobody before writing anything', async () => {
    await expect(sut.add('missing-id', 'Hello', MODERATOR)).rejects.toMatchObject({
      code: 'moderation/user_not_found',
    });
    expect(notes.insert).not.toHaveBeenCalled();
    expect(realtime.noteAdded).not.toHaveBeenCalled();
  });

  it(`refuses the note after ${NOTES_PER_WINDOW} from one moderator, with when to try again`, async () => {
    for (let index = 0; index < NOTES_PER_WINDOW; index++)
      await sut.add(PERSON.id, `Note ${index}`, MODERATOR);

    await expect(sut.add(PERSON.id, 'One more', MODERATOR)).rejects.toMatchObject({
      code: 'moderation/notes_rate_limited',
      details: { retryAfterSeconds: expect.any(Number) },
    });
    expect(notes.insert).toHaveBeenCalledTimes(NOTES_PER_WINDOW);
    // Another moderator is not held up by the first one's notes.
    await expect(sut.add(PERSON.id, 'Mine', { ...MODERATOR, id: 'other-moderator' })).resolves.toBeDefined();
  });

  it('names a note whose author is gone as by nobody', async () => {
    notes.page.mockResolvedValueOnce([
      {
        id: 'note-id',
        userId: PERSON.id,
        body: 'Old note',
        createdAt: FIXTURE_TIME,
        authorId: null,
        authorUsername: null,
        authorDisplayName: null,
        authorRole: null,
      },
    ]);

    const page = await sut.list(PERSON.id, { limit: 10 });

    expect(page).toEqual({
      items: [
        {
          id: 'note-id',
          userId: PERSON.id,
          body: 'Old note',
          author: null,
          createdAt: FIXTURE_TIME.toISOString(),
        },
      ],
      nextCursor: null,
    });
  });
});
