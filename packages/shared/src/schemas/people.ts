import { z } from 'zod';
import { FIELD_MESSAGES } from '../field-messages.js';
import { MODERATOR_NOTE_MAX_LENGTH, SANCTION_ACTIONS } from '../values.js';
import { commentStatusSchema } from './comments.js';
import { cursorSchema, idSchema, isoDateSchema, pageOf, slugSchema } from './common.js';
import { textRule } from './text.js';
import { publicUserSchema, userStatusSchema } from './users.js';

export const sanctionActionSchema = z.enum(SANCTION_ACTIONS);
export type SanctionAction = z.infer<typeof sanctionActionSchema>;

/** One change to a person's standing, from the moderation log: what, by whom, when, why. */
export const sanctionEntrySchema = z.object({
  id: idSchema,
  action: sanctionActionSchema,
  /** The moderator's username; null for the system or an account since deleted. */
  actor: z.string().nullable(),
  reason: z.string().nullable(),
  /** Suspensions: how long, and until when. */
  hours: z.number().nullable(),
  until: isoDateSchema.nullable(),
  createdAt: isoDateSchema,
});
export type SanctionEntry = z.infer<typeof sanctionEntrySchema>;

/** How many of a person's comments are in each status. */
export const commentCountsSchema = z.object({
  published: z.number().int(),
  pending: z.number().int(),
  approved: z.number().int(),
  rejected: z.number().int(),
  deleted: z.number().int(),
});
export type CommentCounts = z.infer<typeof commentCountsSchema>;

/**
 * `GET /api/moderation/users/:id`: the account as staff see it. The address itself only for admins
 * (`email` is null for moderators, who see whether one is confirmed): a moderator judges what a
 * person wrote, and needs no way to reach them outside Parley.
 */
export const personProfileSchema = publicUserSchema.extend({
  /** As it is now: a suspension whose time has passed reads as active. */
  status: userStatusSchema,
  suspendedUntil: isoDateSchema.nullable(),
  banReason: z.string().nullable(),
  alwaysPremod: z.boolean(),
  createdAt: isoDateSchema,
  /** The account was deleted by its owner or an admin: its comments are placeholders now. */
  deleted: z.boolean(),
  /** `sso`: signs in through the host site (no password here); `password`: a Parley account. */
  signIn: z.enum(['sso', 'password']),
  hasEmail: z.boolean(),
  emailConfirmed: z.boolean(),
  /** Admins only; null for moderators. */
  email: z.string().nullable(),
  comments: commentCountsSchema,
  reports: z.object({
    /** Reports this person filed, and how many of those are still open. */
    made: z.number().int(),
    madeOpen: z.number().int(),
    /** Reports others filed on this person's comments, and how many are still open. */
    received: z.number().int(),
    receivedOpen: z.number().int(),
  }),
  /** Changes to their standing, newest first (the latest 100). */
  sanctions: z.array(sanctionEntrySchema),
  noteCount: z.number().int(),
});
export type PersonProfile = z.infer<typeof personProfileSchema>;

export const personCommentsQuerySchema = z.object({
  status: commentStatusSchema.optional(),
  cursor: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type PersonCommentsQuery = z.infer<typeof personCommentsQuerySchema>;

/** One of a person's comments in the drawer: any status, with its story. */
export const personCommentSchema = z.object({
  id: idSchema,
  parentId: idSchema.nullable(),
  body: z.string(),
  status: commentStatusSchema,
  featured: z.boolean(),
  openReportCount: z.number().int(),
  createdAt: isoDateSchema,
  editedAt: isoDateSchema.nullable(),
  story: z.object({ id: idSchema, slug: slugSchema, title: z.string() }),
});
export type PersonComment = z.infer<typeof personCommentSchema>;
export const personCommentPageSchema = pageOf(personCommentSchema);
export type PersonCommentPage = z.infer<typeof personCommentPageSchema>;

/** A moderator's private note about a person: the newsroom's record, never in the person's export. */
export const moderatorNoteSchema = z.object({
  id: idSchema,
  userId: idSchema,
  body: z.string(),
  /** Who wrote it; null once that account is gone. */
  author: publicUserSchema.nullable(),
  createdAt: isoDateSchema,
});
export type ModeratorNote = z.infer<typeof moderatorNoteSchema>;
export const moderatorNotePageSchema = pageOf(moderatorNoteSchema);
export type ModeratorNotePage = z.infer<typeof moderatorNotePageSchema>;

export const moderatorNotesQuerySchema = z.object({
  cursor: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const createModeratorNoteRequestSchema = z.object({
  body: z
    .string({ error: FIELD_MESSAGES.required })
    .trim()
    .min(1, { error: FIELD_MESSAGES.empty, abort: true })
    .max(MODERATOR_NOTE_MAX_LENGTH, { error: FIELD_MESSAGES.atMostCharacters(MODERATOR_NOTE_MAX_LENGTH) })
    .superRefine(textRule({ visible: true })),
});
export type CreateModeratorNoteRequest = z.infer<typeof createModeratorNoteRequestSchema>;

/** Socket `note:added` (moderation room): a moderator wrote a note about a person. */
export const noteAddedEventSchema = z.object({ note: moderatorNoteSchema });
export type NoteAddedEvent = z.infer<typeof noteAddedEventSchema>;

/** Socket `person:changed` (moderation room): a person's standing changed (suspended, banned, role…); read them again. */
export const personChangedEventSchema = z.object({ userId: idSchema, action: sanctionActionSchema });
export type PersonChangedEvent = z.infer<typeof personChangedEventSchema>;
