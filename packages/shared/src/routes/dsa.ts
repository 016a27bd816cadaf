/** The route catalogue: notice and action under the EU Digital Services Act (Articles 16, 17, 20). */
import { idParamsSchema } from '../schemas/comments.js';
import {
  dsaAppealDecisionRequestSchema,
  dsaAppealListQuerySchema,
  dsaAppealPageSchema,
  dsaAppealRequestSchema,
  dsaAppealSchema,
  dsaDecisionRequestSchema,
  dsaNoticeListQuerySchema,
  dsaNoticePageSchema,
  dsaNoticeReceiptSchema,
  dsaNoticeRequestSchema,
  dsaNoticeSchema,
  dsaReportQuerySchema,
  dsaReportSchema,
  dsaStatementListQuerySchema,
  dsaStatementPageSchema,
} from '../schemas/dsa.js';
import { defineRoutes } from './define.js';

const NOTICE_DECIDING_ERRORS = ['dsa/notice_not_found', 'dsa/already_decided'] as const;

export const dsaRoutes = defineRoutes({
  fileDsaNotice: {
    tag: 'Notice and action',
    summary: 'Report a comment as illegal content (a DSA Article 16 notice)',
    description:
      'Anyone may send one, signed in or not: the category, why the comment is illegal, the comment, a name and email (optional only for `child_sexual_abuse_material`), and `goodFaith: true`. Parley acknowledges receipt by email when it has an address (the notifier’s, or a signed-in reader’s confirmed one). The answer’s `appealToken` lets a notifier without an account appeal the decision later. Limited like reports: 10 an hour per reader, or per address for visitors.',
    access: 'public',
    body: dsaNoticeRequestSchema,
    responses: { 201: { description: 'Received.', body: dsaNoticeReceiptSchema } },
    errors: ['comment/not_found', 'dsa/rate_limited'],
  },
  fileDsaAppeal: {
    tag: 'Notice and action',
    summary: 'Appeal the decision on a notice (DSA Article 20 internal complaint)',
    description:
      'By the comment’s author (signed in), or the notifier (signed in as the reader who sent it, or with its `appealToken`), within six months of the decision. One appeal per party per notice. A moderator other than the one who decided the notice decides it.',
    access: 'public',
    params: idParamsSchema,
    body: dsaAppealRequestSchema,
    responses: { 201: { description: 'Received.', body: dsaAppealSchema } },
    errors: [
      'dsa/notice_not_found',
      'dsa/not_decided',
      'dsa/not_a_party',
      'dsa/nothing_to_appeal',
      'dsa/appeal_window_closed',
      'dsa/appeal_exists',
      'dsa/rate_limited',
    ],
  },
  listMyDsaStatements: {
    tag: 'Notice and action',
    summary: 'Statements of reasons about my comments (DSA Article 17)',
    description: 'Every decision that removed or restricted a comment of yours after a notice, newest first.',
    access: 'user',
    query: dsaStatementListQuerySchema,
    responses: { 200: { description: 'One page of statements.', body: dsaStatementPageSchema } },
    errors: [],
  },
  listDsaNotices: {
    tag: 'Notice and action',
    summary: 'The notices queue, oldest first',
    access: 'staff',
    query: dsaNoticeListQuerySchema,
    responses: {
      200: { description: 'One page of notices, each with its appeals.', body: dsaNoticePageSchema },
    },
    errors: [],
  },
  reviewDsaNotice: {
    tag: 'Notice and action',
    summary: 'Take a notice under review',
    description:
      'Moves a received notice to `under_review`, noting who and when; repeating it changes nothing.',
    access: 'staff',
    params: idParamsSchema,
    responses: { 200: { description: 'The notice now.', body: dsaNoticeSchema } },
    errors: NOTICE_DECIDING_ERRORS,
  },
  decideDsaNotice: {
    tag: 'Notice and action',
    summary: 'Decide a notice: the statement of reasons',
    description:
      'States the action (`removed` and `restricted` hide the comment from readers through the ordinary decision path, with its log entry, webhooks and live updates; `no_action` leaves it), the facts and circumstances, the legal or terms ground, whether automated means were used, and the redress open. Mails the notifier the decision; for a removal or restriction, the author gets the statement of reasons by email and in the app.',
    access: 'staff',
    params: idParamsSchema,
    body: dsaDecisionRequestSchema,
    responses: { 200: { description: 'The notice now.', body: dsaNoticeSchema } },
    errors: NOTICE_DECIDING_ERRORS,
  },
  listDsaAppeals: {
    tag: 'Notice and action',
    summary: 'The appeals queue, oldest first',
    access: 'staff',
    query: dsaAppealListQuerySchema,
    responses: { 200: { description: 'One page of appeals.', body: dsaAppealPageSchema } },
    errors: [],
  },
  decideDsaAppeal: {
    tag: 'Notice and action',
    summary: 'Decide an appeal (by a moderator other than the one who decided the notice)',
    description:
      '`upheld` keeps the decision; `reversed` undoes it through the ordinary decision path (a hidden comment is approved, a kept one rejected). The appellant is mailed the outcome.',
    access: 'staff',
    params: idParamsSchema,
    body: dsaAppealDecisionRequestSchema,
    responses: { 200: { description: 'The appeal now.', body: dsaAppealSchema } },
    errors: ['dsa/appeal_not_found', 'dsa/appeal_already_decided', 'dsa/same_moderator'],
  },
  getDsaReport: {
    tag: 'Notice and action',
    summary: 'Transparency figures for a period, as JSON or CSV',
    description:
      'Notices received by category, decisions by action, median time to decision, use of automated means, appeals and their outcomes. `format=csv` (or `Accept: text/csv`) answers `text/csv` with `section,key,value` rows instead of JSON.',
    access: 'staff',
    query: dsaReportQuerySchema,
    responses: { 200: { description: 'The figures.', body: dsaReportSchema, alsoAs: 'text/csv' } },
    errors: [],
  },
});
