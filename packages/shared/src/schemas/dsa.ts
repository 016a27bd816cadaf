import {
  DSA_ACTIONS,
  DSA_APPEAL_OUTCOMES,
  DSA_APPEAL_STATUSES,
  DSA_APPELLANTS,
  DSA_CATEGORIES,
  DSA_NOTICE_STATUSES,
} from '@parley/db/schema';
import { z } from 'zod';
import { FIELD_MESSAGES } from '../field-messages.js';
import { DSA_TEXT_MAX_LENGTH } from '../values.js';
import { cursorSchema, idSchema, isoDateSchema, pageOf } from './common.js';
import { textRule } from './text.js';
import { emailSchema } from './users.js';

/** Notice and action under the EU Digital Services Act (Articles 16, 17 and 20). */

export const dsaCategorySchema = z.enum(DSA_CATEGORIES);
export type DsaCategory = z.infer<typeof dsaCategorySchema>;
export const dsaNoticeStatusSchema = z.enum(DSA_NOTICE_STATUSES);
export const dsaActionSchema = z.enum(DSA_ACTIONS);
export type DsaAction = z.infer<typeof dsaActionSchema>;
export const dsaAppellantSchema = z.enum(DSA_APPELLANTS);
export const dsaAppealStatusSchema = z.enum(DSA_APPEAL_STATUSES);
export const dsaAppealOutcomeSchema = z.enum(DSA_APPEAL_OUTCOMES);
export type DsaAppealOutcome = z.infer<typeof dsaAppealOutcomeSchema>;

function longText(max = DSA_TEXT_MAX_LENGTH) {
  return z
    .string({ error: FIELD_MESSAGES.required })
    .trim()
    .min(1, { error: FIELD_MESSAGES.empty, abort: true })
    .max(max, { error: FIELD_MESSAGES.atMostCharacters(max) })
    .superRefine(textRule({ visible: true }));
}

const notifierNameSchema = z
  .string()
  .trim()
  .min(1, { error: FIELD_MESSAGES.empty, abort: true })
  .max(200, { error: FIELD_MESSAGES.atMostCharacters(200) })
  .superRefine(textRule({ kind: 'name', visible: true }));

/**
 * `POST /api/dsa/notices`: a notice that a comment is illegal (Art. 16(2)). Name and email are
 * required except for child sexual abuse material, where the Act lets the notifier stay anonymous.
 */
export const dsaNoticeRequestSchema = z
  .object({
    commentId: idSchema,
    category: dsaCategorySchema,
    explanation: longText(),
    name: notifierNameSchema.optional(),
    email: emailSchema.optional(),
    goodFaith: z.literal(true, {
      error: FIELD_MESSAGES.noticeGoodFaith,
    }),
  })
  .strict()
  .superRefine((notice, ctx) => {
    if (notice.category === 'child_sexual_abuse_material') return;
    for (const field of ['name', 'email'] as const) {
      if (notice[field] === undefined) {
        ctx.addIssue({ code: 'custom', path: [field], message: FIELD_MESSAGES.noticeNeedsField });
      }
    }
  });
export type DsaNoticeRequest = z.infer<typeof dsaNoticeRequestSchema>;

export const dsaNoticeReceiptSchema = z.object({
  id: idSchema,
  status: dsaNoticeStatusSchema,
  receivedAt: isoDateSchema,
  /** Shown once: lets a notifier without an account appeal the decision (it is also in the decision mail). */
  appealToken: z.string(),
  /** Whether an acknowledgement was mailed (only when there is an address to mail and the server sends mail). */
  acknowledgementMailed: z.boolean(),
});
export type DsaNoticeReceipt = z.infer<typeof dsaNoticeReceiptSchema>;

/** A notice's decision: the statement of reasons (Art. 17(3)). */
export const dsaDecisionSchema = z.object({
  action: dsaActionSchema,
  facts: z.string(),
  ground: z.string(),
  automated: z.boolean(),
  redress: z.string(),
  decidedAt: isoDateSchema,
  /** The moderator's username; null once that account is gone. */
  decidedBy: z.string().nullable(),
});
export type DsaDecision = z.infer<typeof dsaDecisionSchema>;

export const dsaAppealSchema = z.object({
  id: idSchema,
  noticeId: idSchema,
  appellant: dsaAppellantSchema,
  reason: z.string(),
  status: dsaAppealStatusSchema,
  receivedAt: isoDateSchema,
  decidedAt: isoDateSchema.nullable(),
  decidedBy: z.string().nullable(),
  outcome: dsaAppealOutcomeSchema.nullable(),
  explanation: z.string().nullable(),
  /** Who decided the notice appealed against: an appeal must be decided by someone else. */
  noticeDecidedBy: z.string().nullable(),
});
export type DsaAppeal = z.infer<typeof dsaAppealSchema>;

/** A notice as moderators see it in the Notices tab. */
export const dsaNoticeSchema = z.object({
  id: idSchema,
  commentId: idSchema.nullable(),
  /** The comment's text now (staff see every status); null once it is gone or erased. */
  commentBody: z.string().nullable(),
  commentStatus: z.string().nullable(),
  permalink: z.string().nullable(),
  /** The comment's author's username; null once gone. */
  author: z.string().nullable(),
  category: dsaCategorySchema,
  explanation: z.string(),
  notifierName: z.string().nullable(),
  notifierEmail: z.string().nullable(),
  /** Whether a signed-in reader filed it (their username), or a visitor (null). */
  notifierUsername: z.string().nullable(),
  status: dsaNoticeStatusSchema,
  receivedAt: isoDateSchema,
  reviewStartedAt: isoDateSchema.nullable(),
  reviewedBy: z.string().nullable(),
  decision: dsaDecisionSchema.nullable(),
  appeals: z.array(dsaAppealSchema),
});
export type DsaNotice = z.infer<typeof dsaNoticeSchema>;

export const dsaNoticePageSchema = pageOf(dsaNoticeSchema);
export type DsaNoticePage = z.infer<typeof dsaNoticePageSchema>;

export const dsaNoticeListQuerySchema = z.object({
  status: dsaNoticeStatusSchema.optional(),
  cursor: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type DsaNoticeListQuery = z.infer<typeof dsaNoticeListQuerySchema>;

/** `POST /api/moderation/dsa/notices/:id/decision`. */
export const dsaDecisionRequestSchema = z
  .object({
    action: dsaActionSchema,
    facts: longText(),
    ground: longText(1000),
    automated: z.boolean(),
    redress: longText(2000),
  })
  .strict();
export type DsaDecisionRequest = z.infer<typeof dsaDecisionRequestSchema>;

/** `POST /api/dsa/notices/:id/appeals`: the author (signed in) or the notifier (signed in, or with the token). */
export const dsaAppealRequestSchema = z
  .object({
    reason: longText(),
    appealToken: z.string().min(20).max(100).optional(),
  })
  .strict();
export type DsaAppealRequest = z.infer<typeof dsaAppealRequestSchema>;

export const dsaAppealPageSchema = pageOf(dsaAppealSchema);
export type DsaAppealPage = z.infer<typeof dsaAppealPageSchema>;

export const dsaAppealListQuerySchema = z.object({
  status: dsaAppealStatusSchema.optional(),
  cursor: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type DsaAppealListQuery = z.infer<typeof dsaAppealListQuerySchema>;

/** `POST /api/moderation/dsa/appeals/:id/decision`. */
export const dsaAppealDecisionRequestSchema = z
  .object({ outcome: dsaAppealOutcomeSchema, explanation: longText() })
  .strict();
export type DsaAppealDecisionRequest = z.infer<typeof dsaAppealDecisionRequestSchema>;

/** `GET /api/me/dsa/statements`: statements of reasons about the caller's comments. */
export const dsaStatementSchema = z.object({
  noticeId: idSchema,
  commentId: idSchema.nullable(),
  permalink: z.string().nullable(),
  category: dsaCategorySchema,
  decision: dsaDecisionSchema,
  /** Until when the author may appeal (Art. 20). */
  appealUntil: isoDateSchema,
  appeal: dsaAppealSchema.nullable(),
});
export type DsaStatement = z.infer<typeof dsaStatementSchema>;
export const dsaStatementPageSchema = pageOf(dsaStatementSchema);
export type DsaStatementPage = z.infer<typeof dsaStatementPageSchema>;
export const dsaStatementListQuerySchema = z.object({
  cursor: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

const dateOrDateTime = z.union([z.iso.date(), isoDateSchema], {
  error: FIELD_MESSAGES.notDateOrDateTime,
});

/** `GET /api/moderation/dsa/report`: a period (`from` inclusive, `to` exclusive; a bare date is its midnight UTC). */
export const dsaReportQuerySchema = z
  .object({
    from: dateOrDateTime,
    to: dateOrDateTime,
    format: z.enum(['json', 'csv']).optional(),
  })
  .strict()
  .refine((query) => new Date(query.from) < new Date(query.to), {
    path: ['to'],
    message: FIELD_MESSAGES.endAfterStart,
  });
export type DsaReportQuery = z.infer<typeof dsaReportQuerySchema>;

const countsOf = <T extends z.ZodEnum>(keys: T) => z.record(keys, z.number().int());

/** The transparency export for a period (DSA Art. 15 and 24 figures for notices and complaints). */
export const dsaReportSchema = z.object({
  from: isoDateSchema,
  to: isoDateSchema,
  notices: z.object({
    /** Received in the period. */
    received: z.number().int(),
    byCategory: countsOf(dsaCategorySchema),
    /** Of those received in the period, still open now. */
    open: z.number().int(),
  }),
  decisions: z.object({
    /** Decided in the period (whenever received). */
    total: z.number().int(),
    byAction: countsOf(dsaActionSchema),
    /** Median time from receipt to decision, in seconds; null with no decisions. */
    medianSecondsToDecision: z.number().nullable(),
    /** Decisions the moderator said were taken with automated means. */
    automated: z.number().int(),
  }),
  appeals: z.object({
    received: z.number().int(),
    byAppellant: countsOf(dsaAppellantSchema),
    decided: z.number().int(),
    byOutcome: countsOf(dsaAppealOutcomeSchema),
    medianSecondsToDecision: z.number().nullable(),
  }),
});
export type DsaReport = z.infer<typeof dsaReportSchema>;

/** Socket `dsa:changed` (moderation room): a notice or appeal was filed or moved on; the Notices tab reads again. */
export const dsaChangedEventSchema = z.object({
  noticeId: idSchema,
  appealId: idSchema.nullable(),
  status: z.string(),
});
export type DsaChangedEvent = z.infer<typeof dsaChangedEventSchema>;
