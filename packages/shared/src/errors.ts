/**
 * The error catalogue: every error the API returns carries one of these stable codes, an HTTP
 * status and a message a person can act on. Clients branch on `code`, never on `message`.
 */
export const ERRORS = {
  /** Any endpoint or socket event: the input failed its shared schema. */
  'request/invalid': { status: 400, message: 'The request is not valid.' },
  /** Mutation whose Origin is neither this site's own nor listed in PARLEY_ORIGINS. */
  'request/cross_site': { status: 403, message: 'Cross-site requests are not allowed.' },
  /** Route that does not exist. */
  'request/not_found': { status: 404, message: 'Nothing here.' },
  /** Unknown failure; logged on the server, never leaked. */
  'server/internal': { status: 500, message: 'Something went wrong on our side. Please try again.' },
  /**
   * The database is unreachable or does not answer in time (any endpoint or socket event; also
   * /api/health). Nothing was changed unless the request is retried and answered: retrying a post
   * with the same `clientId` never stores it twice.
   */
  'server/unavailable': {
    status: 503,
    message: 'The service is unavailable for a moment. Please try again shortly; retrying is safe.',
  },

  /** Login with a wrong password or an unknown user (the same answer for both). */
  'auth/invalid_credentials': { status: 401, message: 'Wrong username or password.' },
  /** Register with a username someone already has, in any letter case. */
  'auth/username_taken': { status: 409, message: 'That username is taken. Please choose another.' },
  /** Register with a name kept for staff (`admin`, `the_moderator`, `parley-support`, …). */
  'auth/username_reserved': {
    status: 409,
    message: "That name is kept for the site's staff. Please choose another.",
  },
  /** Any action that needs a signed-in user. */
  'auth/unauthenticated': { status: 401, message: 'Please sign in first.' },
  /** Signed in, but the role does not allow it. */
  'auth/forbidden': { status: 403, message: 'You are not allowed to do that.' },
  /** Too many sign-in attempts from one address or for one username. */
  'auth/rate_limited': {
    status: 429,
    message: 'Too many sign-in attempts. Please wait a minute and try again.',
  },
  /** The account is banned (sign-in, posting, joining rooms). */
  'auth/banned': { status: 403, message: 'This account has been banned.' },

  /** `POST /api/auth/sso` on a site without PARLEY_SSO_SECRET. */
  'auth/sso_not_configured': { status: 404, message: 'Single sign-on is not set up on this site.' },
  /** SSO token that is not a JWT, not HS256, or not signed with (one of) PARLEY_SSO_SECRET. */
  'auth/sso_invalid': {
    status: 401,
    message: 'The sign-in token is not valid: it is malformed or its signature does not match.',
  },
  /** SSO token whose `exp` has passed (or whose `iat` lies in the future). */
  'auth/sso_expired': { status: 401, message: 'The sign-in token has expired. Please sign in again.' },
  /** SSO token whose `exp` is more than 24 hours ahead: tokens must be short-lived. */
  'auth/sso_lifetime_too_long': {
    status: 401,
    message: 'The sign-in token lives too long: its exp must be at most 24 hours ahead.',
  },
  /** SSO token without a required claim (`details.claim` names it: sub, username, iat or exp). */
  'auth/sso_claim_missing': { status: 401, message: 'The sign-in token lacks a required claim.' },
  /** SSO token with a claim of the wrong kind (`details.claim` names it, `details.problem` says what). */
  'auth/sso_claim_invalid': { status: 401, message: 'The sign-in token has a claim that is not valid.' },
  /** SSO token whose `jti` was already used (each token with a `jti` signs in once). */
  'auth/sso_replayed': { status: 401, message: 'The sign-in token was already used.' },

  /** `PATCH /api/auth/me` with an email another account has confirmed (in any letter case). Registration never answers it. */
  'auth/email_taken': {
    status: 409,
    message: 'Another account already uses that email address. Please use another one.',
  },
  /** Changing the email address or asking for verification mail too often (`retryAfterSeconds`). */
  'auth/email_rate_limited': {
    status: 429,
    message: 'Too many email changes. Please wait a while and try again.',
  },
  /** An email verification link that is unknown, used, expired, for an address since replaced, or confirmed by another account (`details.reason`). */
  'auth/verification_failed': {
    status: 410,
    message: 'This confirmation link no longer works. Ask for a new one from your account settings.',
  },
  /** `POST /api/auth/password` whose current password is wrong (nothing changed, no session ended). */
  'auth/wrong_password': { status: 403, message: 'That is not your current password. Nothing was changed.' },
  /** A password change for a single-sign-on account, which has no password here (the host site holds it). */
  'auth/no_password': {
    status: 409,
    message: 'This account signs in through the site you came from; change your password there.',
  },
  /** Too many password changes (or wrong current passwords); `retryAfterSeconds` says when to try again. */
  'auth/password_rate_limited': {
    status: 429,
    message: 'Too many password changes. Please wait a while and try again.',
  },
  /** Ending a session that is not one of the account's own live sessions (unknown, expired or already ended). */
  'auth/session_not_found': { status: 404, message: 'That session has already ended.' },
  /** Choosing email notifications without a verified address, or on a server without SMTP. */
  'notification/email_unavailable': {
    status: 422,
    message: 'Email notifications need a verified email address, and the site must be able to send mail.',
  },
  /** Unsubscribing with a token that does not verify (altered or truncated link). */
  'notification/invalid_unsubscribe': {
    status: 400,
    message: 'This unsubscribe link is not valid. Change your email settings from your account instead.',
  },
  /** Unsubscribe or mark-read calls faster than their limit. */
  'notification/rate_limited': {
    status: 429,
    message: 'Too many requests. Please wait a moment and try again.',
  },

  /**
   * A story that does not exist: by slug (threads, posting, rooms, queues), by id (admin routes), no
   * story with the `PARLEY_DEFAULT_STORY` slug, or a page with no story while stories are made only
   * by admins (`PARLEY_LAZY_STORIES=false`, whose message says so).
   */
  'story/not_found': { status: 404, message: 'That story does not exist.' },
  /** Resolve would create a story for a page whose origin is not in PARLEY_ORIGINS (`details.origin`). */
  'story/origin_not_allowed': {
    status: 403,
    message:
      "Comments are not enabled for this site: its address is not in the comment server's PARLEY_ORIGINS. The site owner can add it there.",
  },
  /** Too many new stories (or story address changes) from one address; `retryAfterSeconds` says when to try again. */
  'story/rate_limited': {
    status: 429,
    message: 'Too many new comment threads from your network. Please try again later.',
  },
  /** Another story already has this URL (`details.storyId`, `details.slug`); merge the two instead. */
  'story/url_taken': {
    status: 409,
    message: 'Another story already has that URL. Merge the two stories instead.',
  },
  /** Another story already has this external id (`details.storyId`, `details.slug`). */
  'story/external_id_taken': { status: 409, message: 'Another story already has that external id.' },
  /** Merging a story into itself. */
  'story/merge_into_itself': { status: 422, message: 'Choose another story to merge into.' },

  'comment/not_found': { status: 404, message: 'That comment does not exist or was removed.' },
  /** Posting to an article whose comments are closed. */
  'comment/closed': { status: 403, message: 'Comments are closed on this article.' },
  /** Posting faster than the per-user interval. */
  'comment/rate_limited': { status: 429, message: 'You are posting too fast. Please wait a few seconds.' },
  /** Reporting more comments than the per-user hourly limit; `retryAfterSeconds` says when to try again. */
  'comment/report_rate_limited': {
    status: 429,
    message: 'You have reported many comments recently. Please try again later.',
  },
  /** The same text posted again by one user within the repeat window. */
  'comment/repeated': { status: 409, message: 'You already posted this comment.' },
  /**
   * Posting a comment the site's toxicity model scores above its `warn` threshold, without
   * `postAnyway`: nothing was stored. The author may edit it, or send it again with
   * `postAnyway: true` (moderators then see "posted anyway"). `details.score` is the score.
   */
  'comment/may_break_guidelines': {
    status: 422,
    message:
      'This comment may break the community guidelines. You can edit it, or post it anyway and a moderator may review it.',
  },
  /** Posting or reporting while suspended. */
  'comment/suspended': { status: 403, message: 'Your account is suspended.' },
  /** Editing after the edit window. */
  'comment/edit_window_closed': { status: 403, message: 'The time to edit this comment has passed.' },
  /** Editing or deleting someone else's comment. */
  'comment/not_author': { status: 403, message: 'You can only change your own comments.' },
  /** Replying to a comment that is not visible, or of another article. */
  'comment/invalid_parent': { status: 422, message: 'You cannot reply to that comment.' },
  /** Reporting one's own comment. */
  'comment/own_comment': { status: 422, message: 'You cannot report your own comment.' },
  /** Acting on a comment that is deleted or otherwise not open to the action. */
  'comment/not_editable': { status: 409, message: 'That comment can no longer be changed.' },

  /** Liking and unliking faster than the per-user reaction limit (Retry-After says when to go on). */
  'reaction/rate_limited': {
    status: 429,
    message: 'You are reacting too fast. Please wait a moment and try again.',
  },

  /**
   * Ack of a socket event sent past the per-connection event limit (`details.retryAfterSeconds`);
   * a connection that keeps sending is closed.
   */
  'socket/rate_limited': {
    status: 429,
    message: 'Too many messages on this connection. Please slow down.',
  },
  /** `connect_error` message when one address already holds the most live connections a node allows. */
  'socket/too_many_connections': {
    status: 429,
    message: 'Too many live connections from your network. Please close some tabs and try again.',
  },

  /** Two moderators deciding one comment: the loser gets this, with who decided. */
  'moderation/already_decided': { status: 409, message: 'Another moderator already decided this comment.' },
  /** Retrying an outbox row that does not exist, or is not parked as failed. */
  'outbox/not_found': {
    status: 404,
    message: 'That outbox entry does not exist or is not parked as failed.',
  },
  /** POST /api/moderation/imports with a file over PARLEY_IMPORT_MAX_MB; the message names the limit. */
  'import/too_large': {
    status: 413,
    message:
      'That file is larger than this server accepts for an import. Compress it with gzip, or import it with `parley import`.',
  },
  /** POST /api/moderation/imports with no bytes in the body. */
  'import/empty': { status: 400, message: 'The file is empty. Choose the export file again.' },
  /** POST /api/moderation/imports sent as a form or JSON rather than the file itself. */
  'import/not_a_file': {
    status: 415,
    message: 'Send the export file itself as the request body (Content-Type: application/octet-stream).',
  },
  /** An import job id that does not exist. */
  'import/not_found': { status: 404, message: 'That import does not exist.' },
  /** A webhook id that does not exist (or was deleted). */
  'webhook/not_found': { status: 404, message: 'That webhook does not exist.' },
  /**
   * Creating or changing a webhook whose URL names (or resolves to) a loopback, private,
   * link-local, unique-local, multicast or metadata address, or does not resolve; the message says
   * which. Allowed only with PARLEY_WEBHOOK_ALLOW_PRIVATE=true.
   */
  'webhook/target_not_allowed': {
    status: 400,
    message:
      'That webhook URL points to a private or local address. Use a public address, or set PARLEY_WEBHOOK_ALLOW_PRIVATE=true on the server.',
  },
  /** DELETE /api/me with a password (or SSO token) that does not confirm the account. */
  'account/confirmation_failed': {
    status: 403,
    message: 'That password does not match this account. Nothing was deleted.',
  },
  /** DELETE /api/me with an SSO token when this server has no SSO verifier, or for a password account. */
  'account/sso_unavailable': {
    status: 400,
    message: 'This account cannot be confirmed with a sign-on token here. Please use your password.',
  },
  /** Too many account exports or deletion attempts; `retryAfterSeconds` says when to try again. */
  'account/rate_limited': {
    status: 429,
    message: 'Too many requests for your account data. Please try again later.',
  },
  /** POST /api/me/claims/:id while the reader's address is not confirmed (only a confirmed address proves it is theirs). */
  'account/claim_unconfirmed': {
    status: 403,
    message: 'Confirm your email address first: the link we sent proves these comments are yours.',
  },
  /** POST /api/me/claims/:id for an imported account that does not exist or was not written under the reader's confirmed address. */
  'account/claim_not_found': {
    status: 404,
    message: 'There are no imported comments under your confirmed address with that id.',
  },
  /** POST /api/me/claims/:id for comments already claimed (a claim works once). */
  'account/claim_used': {
    status: 409,
    message: 'These comments have been claimed already. Reload your account page to see where they are.',
  },
  'moderation/user_not_found': { status: 404, message: 'That user does not exist.' },
  /** Suspending a banned user (it would end the ban early). */
  'moderation/user_banned': {
    status: 409,
    message: 'That user is banned. Unban them first to suspend instead.',
  },
  /** A moderator acting on staff (only admins may act on moderators). */
  'moderation/protected_user': { status: 403, message: 'You cannot act on that account.' },
  /** Too many moderator notes from one moderator; `retryAfterSeconds` says when to try again. */
  'moderation/notes_rate_limited': {
    status: 429,
    message: 'You are adding notes too fast. Please wait a minute and try again.',
  },
  /** DSA: a notice id that does not exist. */
  'dsa/notice_not_found': { status: 404, message: 'That notice does not exist.' },
  /** DSA: an appeal id that does not exist. */
  'dsa/appeal_not_found': { status: 404, message: 'That appeal does not exist.' },
  /** DSA: too many notices or appeals from one reader or address; `retryAfterSeconds` says when to try again. */
  'dsa/rate_limited': {
    status: 429,
    message: 'You have sent many notices recently. Please try again later.',
  },
  /** DSA: deciding a notice that is already decided (`details.decidedBy` names who). */
  'dsa/already_decided': { status: 409, message: 'This notice has already been decided.' },
  /** DSA: appealing a notice that has no decision yet. */
  'dsa/not_decided': {
    status: 409,
    message: 'This notice has not been decided yet, so there is nothing to appeal.',
  },
  /** DSA: appealing after the six months the Act gives (`details.appealUntil`). */
  'dsa/appeal_window_closed': {
    status: 409,
    message: 'The time to appeal this decision (six months) has passed.',
  },
  /** DSA: an appeal from someone who is neither the comment's author nor the notifier (or a wrong appeal token). */
  'dsa/not_a_party': {
    status: 403,
    message:
      'Only the author of the comment or the person who sent the notice can appeal its decision. Sign in, or use the link from the decision email.',
  },
  /** DSA: the author appealing a decision that took no action against their comment. */
  'dsa/nothing_to_appeal': {
    status: 409,
    message: 'No action was taken against your comment, so there is nothing to appeal.',
  },
  /** DSA: a second appeal by the same party against one decision. */
  'dsa/appeal_exists': { status: 409, message: 'You have already appealed this decision.' },
  /** DSA: deciding an appeal that is already decided. */
  'dsa/appeal_already_decided': { status: 409, message: 'This appeal has already been decided.' },
  /** DSA: the moderator who decided a notice trying to decide the appeal against it (Art. 20(6)). */
  'dsa/same_moderator': {
    status: 403,
    message:
      'You decided this notice, so another moderator must decide the appeal against it. Ask a colleague to review it.',
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** An error code's message key in the errors catalogue (errors.json): `auth/banned` → `error.auth.banned`. */
export function errorMessageKey(code: ErrorCode): string {
  return `error.${code.replace('/', '.')}`;
}

/** The body of every error response and every failed socket acknowledgement. */
export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  /** Field-level problems for `request/invalid`: path → message. */
  fields?: Record<string, string>;
  /** Extra facts, e.g. `retryAfterSeconds`, `suspendedUntil`, `decidedBy`. */
  details?: Record<string, unknown>;
}
