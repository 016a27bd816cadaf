import type { CommentStatus, PersonProfile, SanctionAction } from '@parley/shared';

/** The words of the person drawer (the person behind a comment), in one place. */
export const PERSON_LABELS = {
  dialog: (name: string) => `About ${name}`,
  close: 'Close',
  loading: 'Loading…',
  joined: 'Joined',
  status: 'Status',
  role: 'Role',
  signIn: 'Signs in with',
  email: 'Email',
  premod: 'Always pre-moderated',
  deleted: 'This account was deleted.',
  counts: 'Comments',
  reports: 'Reports',
  reportsMade: (all: number, open: number) => `${all} made (${open} open)`,
  reportsReceived: (all: number, open: number) => `${all} received on their comments (${open} open)`,
  sanctions: 'History',
  noSanctions: 'No suspensions, bans or role changes.',
  comments: 'Their comments',
  statusFilter: 'Show comments',
  allStatuses: 'All',
  noComments: 'No comments here.',
  moreComments: 'Older comments',
  notes: 'Moderator notes',
  notesPrivacy:
    'Only staff see these notes. They are the newsroom’s records, not part of the person’s data export.',
  noNotes: 'No notes yet.',
  noteField: 'New note',
  addNote: 'Add note',
  adding: 'Adding…',
  moreNotes: 'Older notes',
  noteAdded: 'Note added.',
  unknownAuthor: 'a former moderator',
  updated: 'Updated just now.',
} as const;

export const COMMENT_STATUS_LABELS: Record<CommentStatus, string> = {
  published: 'Published',
  pending: 'Pending',
  approved: 'Approved',
  rejected: 'Rejected',
  deleted: 'Deleted',
};

export const SANCTION_LABELS: Record<SanctionAction, string> = {
  suspend: 'Suspended',
  ban: 'Banned',
  unban: 'Ban lifted',
  premod_on: 'Always pre-moderated',
  premod_off: 'Pre-moderation lifted',
  role_reader: 'Made a reader',
  role_moderator: 'Made a moderator',
  delete_account: 'Account deleted',
};

export function statusText(profile: PersonProfile, formatDate: (iso: string) => string): string {
  switch (profile.status) {
    case 'active':
      return 'Active';
    case 'suspended':
      return profile.suspendedUntil ? `Suspended until ${formatDate(profile.suspendedUntil)}` : 'Suspended';
    case 'banned':
      return profile.banReason ? `Banned: ${profile.banReason}` : 'Banned';
  }
}

export function emailText(profile: PersonProfile): string {
  if (!profile.hasEmail) return 'None';
  const state = profile.emailConfirmed ? 'confirmed' : 'not confirmed';
  return profile.email
    ? `${profile.email} (${state})`
    : state === 'confirmed'
      ? 'Confirmed'
      : 'Not confirmed';
}
