import type { Comment, Me, PublicUser, ThreadComment } from '@parley/shared';

let sequence = 0;

/** A v4-shaped uuid that is unique per test run and readable in failures. */
export function uuid(): string {
  sequence += 1;
  return `00000000-0000-4000-8000-${sequence.toString(16).padStart(12, '0')}`;
}

export function user(overrides: Partial<PublicUser> = {}): PublicUser {
  const id = overrides.id ?? uuid();
  return {
    id,
    username: `user${id.slice(-4)}`,
    displayName: `User ${id.slice(-4)}`,
    role: 'reader',
    ...overrides,
  };
}

export function me(overrides: Partial<Me> = {}): Me {
  return {
    ...user(overrides),
    status: 'active',
    suspendedUntil: null,
    email: null,
    emailVerified: false,
    signIn: 'password',
    locale: null,
    ...overrides,
  };
}

export const ARTICLE_ID = '00000000-0000-4000-8000-a00000000001';

export function comment(overrides: Partial<Comment> = {}): Comment {
  const id = overrides.id ?? uuid();
  const at = overrides.createdAt ?? '2030-01-01T12:00:00.000Z';
  return {
    id,
    storyId: ARTICLE_ID,
    parentId: null,
    rootId: overrides.parentId ? (overrides.rootId ?? overrides.parentId) : id,
    depth: 0,
    author: user(),
    body: `Comment ${id.slice(-4)}`,
    status: 'published',
    featured: false,
    editedAt: null,
    createdAt: at,
    updatedAt: at,
    replyCount: 0,
    reactions: { like: 0 },
    viewerReacted: false,
    ...overrides,
  };
}

/** A reply to `parent`, one level deeper. */
export function reply(parent: Comment, overrides: Partial<Comment> = {}): Comment {
  return comment({ parentId: parent.id, rootId: parent.rootId, depth: parent.depth + 1, ...overrides });
}

export function threadComment(
  base: Comment,
  replies: ThreadComment[] = [],
  repliesCursor: string | null = null,
): ThreadComment {
  return { ...base, replyCount: Math.max(base.replyCount, replies.length), replies, repliesCursor };
}
