import { Injectable } from '@nestjs/common';
import type { User } from '@parley/db';
import type {
  PersonCommentPage,
  PersonCommentsQuery,
  PersonProfile,
  SanctionAction,
  SanctionEntry,
} from '@parley/shared';
import { AppError } from '../common/app-error.js';
import { decodeCursor, NEWEST_FIRST_CURSOR, newestFirstKey, toPage } from '../common/cursor.js';
import { effectiveStatus } from '../users/user-status.js';
import { UsersRepository } from '../users/users.repository.js';
import { ModeratorNotesRepository } from './moderator-notes.repository.js';
import { PeopleRepository } from './people.repository.js';

type SanctionRow = Awaited<ReturnType<PeopleRepository['sanctions']>>[number];

/** The person behind a comment, as staff see them: the account, what they wrote, their history. */
@Injectable()
export class PersonProfileService {
  constructor(
    private readonly users: UsersRepository,
    private readonly people: PeopleRepository,
    private readonly notes: ModeratorNotesRepository,
  ) {}

  async profile(userId: string, viewer: User): Promise<PersonProfile> {
    const user = await this.existing(userId);
    const [comments, reports, sanctions, noteCount] = await Promise.all([
      this.people.commentCounts(userId),
      this.people.reportCounts(userId),
      this.people.sanctions(userId),
      this.notes.count(userId),
    ]);
    const status = effectiveStatus(user);
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      status,
      suspendedUntil: status === 'suspended' ? (user.suspendedUntil?.toISOString() ?? null) : null,
      banReason: status === 'banned' ? user.banReason : null,
      alwaysPremod: user.alwaysPremod,
      createdAt: user.createdAt.toISOString(),
      deleted: user.deletedAt !== null,
      signIn: user.ssoSubject !== null ? 'sso' : 'password',
      hasEmail: user.email !== null,
      emailConfirmed: user.email !== null && user.emailVerifiedAt !== null,
      // A moderator judges what a person wrote; reaching them outside Parley is the newsroom's (admins').
      email: viewer.role === 'admin' ? user.email : null,
      comments,
      reports,
      sanctions: sanctions.map(toSanctionEntry),
      noteCount,
    };
  }

  async comments(userId: string, query: PersonCommentsQuery): Promise<PersonCommentPage> {
    const after = decodeCursor(query.cursor, NEWEST_FIRST_CURSOR);
    await this.existing(userId);
    const rows = await this.people.comments(userId, query.status, query.limit, after);
    const page = toPage(rows, query.limit, newestFirstKey);
    return {
      nextCursor: page.nextCursor,
      items: page.items.map((row) => ({
        id: row.id,
        parentId: row.parentId,
        body: row.body,
        status: row.status,
        featured: row.featured,
        openReportCount: row.reportCount,
        createdAt: row.createdAt.toISOString(),
        editedAt: row.editedAt?.toISOString() ?? null,
        story: { id: row.storyId, slug: row.storySlug, title: row.storyTitle },
      })),
    };
  }

  private async existing(userId: string): Promise<User> {
    const user = await this.users.findById(userId);
    if (!user) throw new AppError('moderation/user_not_found');
    return user;
  }
}

function toSanctionEntry(row: SanctionRow): SanctionEntry {
  const details = row.details;
  return {
    id: row.id,
    action: row.action as SanctionAction,
    actor: row.actor,
    reason: row.reason,
    hours: typeof details.hours === 'number' ? details.hours : null,
    until: typeof details.until === 'string' ? details.until : null,
    createdAt: row.createdAt.toISOString(),
  };
}
