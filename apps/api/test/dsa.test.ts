import { randomUUID } from 'node:crypto';
import type { CommentStatus } from '@parley/db';
import {
  FIELD_MESSAGES,
  type Ack,
  type DsaAppeal,
  type DsaNotice,
  type DsaNoticePage,
  type DsaNoticeReceipt,
  type DsaReport,
  type DsaStatementPage,
  type ModerationLogPage,
  type NotificationPage,
  type QueueCounts,
} from '@parley/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DSA_FILINGS_PER_HOUR } from '../src/dsa/dsa-notices.service.js';
import { createStory, createUser, loginAdmin, uniqueBody, type TestUser } from './support/factories.js';
import { ApiClient, errorOf } from './support/http.js';
import { TestSmtpServer } from './support/smtp.js';
import { connectSocket, nextEvent } from './support/sockets.js';
import { appSuite } from './support/suite.js';
import { waitFor } from './support/wait.js';

const smtp = new TestSmtpServer();
beforeAll(() => smtp.start());
afterAll(() => smtp.stop());

const DECISION = {
  action: 'removed',
  facts: 'The comment names a private person and accuses them of a crime without any basis.',
  ground: 'Defamation: section 185 of the Criminal Code; terms of use, section 3.',
  automated: false,
  redress: 'You may appeal within six months from your account, or go to an out-of-court body or a court.',
} as const;

appSuite(
  'notice and action (DSA)',
  {
    closeSocketsAfterEach: true,
    env: () => ({
      SMTP_URL: smtp.url,
      PARLEY_MAIL_FROM: 'Parley <comments@parley.test>',
      PARLEY_PUBLIC_URL: 'https://comments.example.org',
      PARLEY_OUTBOX_POLL_MS: '50',
    }),
  },
  (app) => {
    let admin: ApiClient;
    let moderator: TestUser;
    let storyId: string;

    beforeAll(async () => {
      admin = await loginAdmin(app);
      moderator = await createUser(app, { role: 'moderator' });
      storyId = (await createStory(app.db)).id;
    });

    /** An author with a confirmed address, so the statement of reasons can be mailed. */
    async function author(): Promise<TestUser & { email: string }> {
      const user = await createUser(app);
      const email = `${user.username}@example.org`;
      await app.db
        .updateTable('users')
        .set({ email, emailVerifiedAt: new Date() })
        .where('id', '=', user.me.id)
        .execute();
      return { ...user, email };
    }

    async function comment(by: TestUser, status: CommentStatus = 'published'): Promise<string> {
      const id = randomUUID();
      await app.db
        .insertInto('comments')
        .values({
          id,
          storyId,
          rootId: id,
          depth: 0,
          parentId: null,
          authorId: by.me.id,
          body: uniqueBody('Noticed'),
          status,
        })
        .execute();
      return id;
    }

    function notice(commentId: string, overrides: Record<string, unknown> = {}) {
      return {
        commentId,
        category: 'defamation',
        explanation: 'It accuses my neighbour of theft by name; that is false and defamatory.',
        name: 'Ana Petrović',
        email: `notifier-${randomUUID()}@example.org`,
        goodFaith: true,
        ...overrides,
      };
    }

    async function file(client: ApiClient, body: unknown): Promise<DsaNoticeReceipt> {
      const response = await client.post<DsaNoticeReceipt>('/api/dsa/notices', body);
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body;
    }

    const mailTo = (address: string, subject: RegExp) =>
      smtp.received.find(
        (mail) => mail.to.includes(address) && subject.test(mail.headers.get('subject') ?? ''),
      );

    it('takes a notice from a visitor, acknowledges it by mail, and queues it as received', async () => {
      const writer = await author();
      const commentId = await comment(writer);
      const body = notice(commentId);
      const receipt = await file(new ApiClient(app.baseUrl), body);
      expect(receipt).toMatchObject({ status: 'received', acknowledgementMailed: true });
      await waitFor(() => mailTo(body.email, /received your notice/) !== undefined, 'the acknowledgement');
      const mail = mailTo(body.email, /received your notice/)!;
      expect(mail.text).toContain(receipt.id);
      expect(mail.text).toContain(`https://comments.example.org/appeal/${receipt.id}?token=`);

      const queue = await moderator.client.get<DsaNoticePage>(
        '/api/moderation/dsa/notices?status=received&limit=100',
      );
      const listed = queue.body.items.find((item) => item.id === receipt.id);
      expect(listed).toMatchObject({
        commentId,
        category: 'defamation',
        notifierName: 'Ana Petrović',
        notifierEmail: body.email,
        notifierUsername: null,
        author: writer.username,
        status: 'received',
        decision: null,
        appeals: [],
      });
    });

    it('needs a name and email except for child sexual abuse material, and the statement of good faith', async () => {
      const commentId = await comment(await author());
      const visitor = new ApiClient(app.baseUrl);
      const anonymous = await visitor.post(
        '/api/dsa/notices',
        notice(commentId, { name: undefined, email: undefined }),
      );
      expect(anonymous.status).toBe(400);
      expect(errorOf(anonymous).fields).toMatchObject({
        name: FIELD_MESSAGES.noticeNeedsField,
        email: FIELD_MESSAGES.noticeNeedsField,
      });
      const bad = await visitor.post('/api/dsa/notices', notice(commentId, { goodFaith: false }));
      expect(errorOf(bad).fields?.goodFaith).toBe(FIELD_MESSAGES.noticeGoodFaith);
      const csam = await file(
        visitor,
        notice(commentId, { category: 'child_sexual_abuse_material', name: undefined, email: undefined }),
      );
      expect(csam.acknowledgementMailed).toBe(false);
    });

    it('refuses a comment readers cannot see, and limits filings like reports', async () => {
      const writer = await author();
      const reader = await createUser(app);
      const hidden = await reader.client.post('/api/dsa/notices', notice(await comment(writer, 'pending')));
      expect(errorOf(hidden).code).toBe('comment/not_found');
      const missing = await reader.client.post('/api/dsa/notices', notice(randomUUID()));
      expect(missing.status).toBe(404);
      const commentId = await comment(writer);
      for (let i = 2; i < DSA_FILINGS_PER_HOUR; i++) await file(reader.client, notice(commentId));
      const limited = await reader.client.post('/api/dsa/notices', notice(commentId));
      expect(limited.status).toBe(429);
      expect(errorOf(limited).code).toBe('dsa/rate_limited');
    });

    it('goes received → under review → decided: the comment is rejected by the one decision path, the author gets a statement of reasons, the notifier the decision', async () => {
      const writer = await author();
      const commentId = await comment(writer);
      const notifier = await createUser(app);
      const body = notice(commentId);
      const receipt = await file(notifier.client, body);
      const socket = await connectSocket(app.baseUrl, { cookie: moderator.client.cookie });
      const joined: Ack<QueueCounts> = await socket.timeout(5000).emitWithAck('moderation:join', {});
      expect(joined.ok).toBe(true);

      const announced = nextEvent(socket, 'dsa:changed', (event) => event.noticeId === receipt.id);
      const reviewed = await moderator.client.post<DsaNotice>(
        `/api/moderation/dsa/notices/${receipt.id}/review`,
      );
      expect(reviewed.body).toMatchObject({ status: 'under_review', reviewedBy: moderator.username });
      expect(reviewed.body.reviewStartedAt).not.toBeNull();
      expect(await announced).toMatchObject({ status: 'under_review', appealId: null });

      const decided = await moderator.client.post<DsaNotice>(
        `/api/moderation/dsa/notices/${receipt.id}/decision`,
        DECISION,
      );
      expect(decided.status).toBe(200);
      expect(decided.body.status).toBe('decided');
      expect(decided.body.decision).toMatchObject({ ...DECISION, decidedBy: moderator.username });
      expect(decided.body.commentStatus).toBe('rejected');

      const readers = await new ApiClient(app.baseUrl).get(`/api/comments/${commentId}`);
      expect(readers.status).toBe(404);
      const log = await admin.get<ModerationLogPage>('/api/moderation/log?limit=20');
      const entries = log.body.items
        .filter((item) => item.commentId === commentId)
        .map((item) => item.action);
      expect(entries).toEqual(expect.arrayContaining(['dsa_decision', 'reject', 'dsa_notice']));

      const notifications = await writer.client.get<NotificationPage>('/api/me/notifications');
      expect(notifications.body.items[0]).toMatchObject({
        kind: 'decision',
        decision: 'rejected',
        commentId,
      });
      const statements = await writer.client.get<DsaStatementPage>('/api/me/dsa/statements');
      expect(statements.body.items[0]).toMatchObject({
        noticeId: receipt.id,
        commentId,
        category: 'defamation',
        appeal: null,
      });
      expect(statements.body.items[0]!.decision).toMatchObject(DECISION);

      await waitFor(
        () => mailTo(writer.email, /Statement of reasons/) !== undefined,
        'the statement of reasons',
      );
      const statement = mailTo(writer.email, /Statement of reasons/)!;
      expect(statement.text).toContain(DECISION.facts);
      expect(statement.text).toContain(DECISION.ground);
      expect(statement.text).toContain('no automated means were used');
      await waitFor(() => mailTo(body.email, /decision on your notice/) !== undefined, 'the decision notice');

      const again = await admin.post(`/api/moderation/dsa/notices/${receipt.id}/decision`, DECISION);
      expect(again.status).toBe(409);
      expect(errorOf(again).code).toBe('dsa/already_decided');
    });

    it('takes appeals from the author and the notifier only, once each, within six months, decided by another moderator', async () => {
      const writer = await author();
      const commentId = await comment(writer);
      const receipt = await file(new ApiClient(app.baseUrl), notice(commentId));
      const early = await writer.client.post(`/api/dsa/notices/${receipt.id}/appeals`, {
        reason: 'Too early',
      });
      expect(errorOf(early).code).toBe('dsa/not_decided');
      await moderator.client.post(`/api/moderation/dsa/notices/${receipt.id}/decision`, DECISION);

      const stranger = await (
        await createUser(app)
      ).client.post(`/api/dsa/notices/${receipt.id}/appeals`, { reason: 'Me too' });
      expect(stranger.status).toBe(403);
      expect(errorOf(stranger).code).toBe('dsa/not_a_party');
      const wrongToken = await new ApiClient(app.baseUrl).post(`/api/dsa/notices/${receipt.id}/appeals`, {
        reason: 'Me',
        appealToken: 'x'.repeat(32),
      });
      expect(errorOf(wrongToken).code).toBe('dsa/not_a_party');

      const appealed = await writer.client.post<DsaAppeal>(`/api/dsa/notices/${receipt.id}/appeals`, {
        reason: 'The person I named was convicted; here is the court record.',
      });
      expect(appealed.status).toBe(201);
      expect(appealed.body).toMatchObject({
        appellant: 'author',
        status: 'received',
        noticeDecidedBy: moderator.username,
      });
      const twice = await writer.client.post(`/api/dsa/notices/${receipt.id}/appeals`, { reason: 'Again' });
      expect(errorOf(twice).code).toBe('dsa/appeal_exists');
      const byNotifier = await new ApiClient(app.baseUrl).post<DsaAppeal>(
        `/api/dsa/notices/${receipt.id}/appeals`,
        {
          reason: 'It should also be reported to the police.',
          appealToken: receipt.appealToken,
        },
      );
      expect(byNotifier.body.appellant).toBe('notifier');

      const own = await moderator.client.post(`/api/moderation/dsa/appeals/${appealed.body.id}/decision`, {
        outcome: 'reversed',
        explanation: 'On reflection',
      });
      expect(own.status).toBe(403);
      expect(errorOf(own)).toMatchObject({
        code: 'dsa/same_moderator',
        message: expect.stringMatching(/another moderator/),
      });

      const reversed = await admin.post<DsaAppeal>(
        `/api/moderation/dsa/appeals/${appealed.body.id}/decision`,
        {
          outcome: 'reversed',
          explanation: 'The court record shows the statement is true: not defamatory.',
        },
      );
      expect(reversed.status).toBe(200);
      expect(reversed.body).toMatchObject({ status: 'decided', outcome: 'reversed', decidedBy: 'admin' });
      const shown = await new ApiClient(app.baseUrl).get(`/api/comments/${commentId}`);
      expect(shown.status).toBe(200);
      await waitFor(() => mailTo(writer.email, /outcome of your appeal/) !== undefined, 'the appeal outcome');
      const decidedTwice = await admin.post(`/api/moderation/dsa/appeals/${appealed.body.id}/decision`, {
        outcome: 'upheld',
        explanation: 'Again',
      });
      expect(errorOf(decidedTwice).code).toBe('dsa/appeal_already_decided');

      await app.db
        .updateTable('dsaNotices')
        .set({ decidedAt: new Date(Date.now() - 200 * 24 * 3600_000) })
        .where('id', '=', receipt.id)
        .execute();
      await app.db.deleteFrom('dsaAppeals').where('id', '=', byNotifier.body.id).execute();
      const late = await new ApiClient(app.baseUrl).post(`/api/dsa/notices/${receipt.id}/appeals`, {
        reason: 'Late',
        appealToken: receipt.appealToken,
      });
      expect(errorOf(late).code).toBe('dsa/appeal_window_closed');
    });

    it('leaves the comment up on no action; the author has nothing to appeal, and the notifier’s reversal removes it', async () => {
      const writer = await author();
      const commentId = await comment(writer);
      const notifier = await createUser(app);
      const receipt = await file(notifier.client, notice(commentId));
      await admin.post(`/api/moderation/dsa/notices/${receipt.id}/decision`, {
        ...DECISION,
        action: 'no_action',
      });
      expect((await new ApiClient(app.baseUrl).get(`/api/comments/${commentId}`)).status).toBe(200);
      const byAuthor = await writer.client.post(`/api/dsa/notices/${receipt.id}/appeals`, { reason: 'Why?' });
      expect(errorOf(byAuthor).code).toBe('dsa/nothing_to_appeal');
      const appeal = await notifier.client.post<DsaAppeal>(`/api/dsa/notices/${receipt.id}/appeals`, {
        reason: 'It is defamatory.',
      });
      await moderator.client.post(`/api/moderation/dsa/appeals/${appeal.body.id}/decision`, {
        outcome: 'reversed',
        explanation: 'It is defamatory after all.',
      });
      expect((await new ApiClient(app.baseUrl).get(`/api/comments/${commentId}`)).status).toBe(404);
    });

    it('reports a period in JSON and CSV', async () => {
      const from = new Date(Date.now() - 3600_000).toISOString();
      const to = new Date(Date.now() + 3600_000).toISOString();
      const path = `/api/moderation/dsa/report?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
      const before = (await moderator.client.get<DsaReport>(path)).body;
      const receipt = await file(
        new ApiClient(app.baseUrl),
        notice(await comment(await author()), { category: 'scams_and_fraud' }),
      );
      await moderator.client.post(`/api/moderation/dsa/notices/${receipt.id}/decision`, {
        ...DECISION,
        automated: true,
      });
      const after = (await moderator.client.get<DsaReport>(path)).body;
      expect(after.notices.received).toBe(before.notices.received + 1);
      expect(after.notices.byCategory.scams_and_fraud).toBe(before.notices.byCategory.scams_and_fraud + 1);
      expect(after.decisions.byAction.removed).toBe(before.decisions.byAction.removed + 1);
      expect(after.decisions.automated).toBe(before.decisions.automated + 1);
      expect(after.decisions.medianSecondsToDecision).toBeGreaterThanOrEqual(0);
      expect(after.appeals.byOutcome).toHaveProperty('reversed');

      const csv = await moderator.client.get<string>(`${path}&format=csv`);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(csv.body.split('\r\n')[0]).toBe('section,key,value');
      expect(csv.body).toContain(
        `notices_by_category,scams_and_fraud,${after.notices.byCategory.scams_and_fraud}`,
      );
      const accepted = await moderator.client.get<string>(path, { headers: { accept: 'text/csv' } });
      expect(accepted.body).toContain('decisions_by_action,removed,');

      const backwards = await moderator.client.get(
        `/api/moderation/dsa/report?from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`,
      );
      expect(errorOf(backwards).fields?.to).toBe(FIELD_MESSAGES.endAfterStart);
    });
  },
);
