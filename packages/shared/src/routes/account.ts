/** The route catalogue: My data. */
import {
  deleteAccountRequestSchema,
  importClaimListSchema,
  importClaimResultSchema,
  myCommentPageSchema,
  myCommentsQuerySchema,
  myDataExportSchema,
} from '../schemas/account.js';
import { idParamsSchema } from '../schemas/comments.js';
import { defineRoutes } from './define.js';

export const accountRoutes = defineRoutes({
  exportMyData: {
    tag: 'Accounts',
    summary: 'Download everything kept about my account',
    description:
      'A JSON attachment: the account, comments with their stories, likes, reports, and `more` sections.',
    access: 'user',
    responses: { 200: { description: 'My data.', body: myDataExportSchema } },
    errors: ['account/rate_limited'],
  },
  listMyComments: {
    tag: 'Accounts',
    summary: 'A page of my comments across stories, newest first, with their status',
    description:
      '`status` narrows the list to `visible`, `pending` or `rejected` ones (default: all but deleted). ' +
      'A rejected comment carries the moderator’s reason, or `automatic` when the word list rejected it. ' +
      'Only the author sees their held and rejected comments here.',
    access: 'user',
    query: myCommentsQuerySchema,
    responses: { 200: { description: 'One page.', body: myCommentPageSchema } },
    errors: [],
  },
  listMyClaims: {
    tag: 'Accounts',
    summary: 'Imported comments I may claim',
    description:
      'Imported accounts (Disqus, WordPress, another Parley) whose source address is the one I have ' +
      'confirmed, with how many comments each holds. Empty while my address is unconfirmed.',
    access: 'user',
    responses: { 200: { description: 'What I may claim.', body: importClaimListSchema } },
    errors: [],
  },
  claimImportedComments: {
    tag: 'Accounts',
    summary: 'Claim imported comments: they show under my name',
    description:
      'Moves every comment of the imported account to mine (counts, caches and live readers follow) and ' +
      'retires the imported account. Only with my address confirmed and matching; works once; logged.',
    access: 'user',
    params: idParamsSchema,
    responses: { 200: { description: 'Claimed.', body: importClaimResultSchema } },
    errors: ['account/claim_unconfirmed', 'account/claim_not_found', 'account/claim_used'],
  },
  deleteMyAccount: {
    tag: 'Accounts',
    summary: 'Delete my account',
    description:
      'Confirmed by the password (or an SSO token). Ends every session, clears the display name, turns ' +
      'my comments into placeholders; the username is freed 30 days later.',
    access: 'user',
    body: deleteAccountRequestSchema,
    responses: { 204: { description: 'Deleted; the session cookie is cleared.' } },
    errors: ['account/confirmation_failed', 'account/rate_limited', 'moderation/user_not_found'],
  },
  deleteUserAccount: {
    tag: 'Moderation',
    summary: "Delete someone's account (logged)",
    access: 'admin',
    params: idParamsSchema,
    responses: { 204: { description: 'Deleted.' } },
    errors: ['moderation/user_not_found', 'moderation/protected_user'],
  },
});
