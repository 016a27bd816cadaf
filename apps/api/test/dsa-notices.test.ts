import { randomUUID } from 'node:crypto';
import {
  FIELD_MESSAGES,
  type Ack,
  type DsaNotice,
  type DsaNoticePage,
  type DsaReport,
  type DsaStatementPage,
  type ModerationLogPage,
  type NotificationPage,
  type QueueCounts,
} from '@parley/shared';
import { expect, it } from 'vitest';
import { DSA_FILINGS_PER_HOUR } from '../src/dsa/dsa-notices.service.js';
import { DECISION, dsaSuite } from './support/dsa-scene.js';
import { createUser } from './support/factories.js';
import { ApiClient, errorOf } from './support/http.js';
import { connectSocket, nextEvent } from './support/sockets.js';
import { waitFor } from './support/wait.js';

// Notices: filing one, the moderator's decision on it, and the period's report (appeals against the
// decision: dsa-appeals.test.ts).
dsaSuite('notices', (scene) => {
  const { app, author, comment, notice, file, mailTo } = scene;

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

    const queue = await scene.moderator.client.get<DsaNoticePage>(
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
    const socket = await connectSocket(app.baseUrl, { cookie: scene.moderator.client.cookie });
    const joined: Ack<QueueCounts> = await socket.timeout(5000).emitWithAck('moderation:join', {});
    expect(joined.ok).toBe(true);

    const announced = nextEvent(socket, 'dsa:changed', (event) => event.noticeId === receipt.id);
    const reviewed = await scene.moderator.client.post<DsaNotice>(
      `/api/moderation/dsa/notices/${receipt.id}/review`,
    );
    expect(reviewed.body).toMatchObject({ status: 'under_review', reviewedBy: scene.moderator.username });
    expect(reviewed.body.reviewStartedAt).not.toBeNull();
    expect(await announced).toMatchObject({ status: 'under_review', appealId: null });

    const decided = await scene.moderator.client.post<DsaNotice>(
      `/api/moderation/dsa/notices/${receipt.id}/decision`,
      DECISION,
    );
    expect(decided.status).toBe(200);
    expect(decided.body.status).toBe('decided');
    expect(decided.body.decision).toMatchObject({ ...DECISION, decidedBy: scene.moderator.username });
    expect(decided.body.commentStatus).toBe('rejected');

    const readers = await new ApiClient(app.baseUrl).get(`/api/comments/${commentId}`);
    expect(readers.status).toBe(404);
    const log = await scene.admin.get<ModerationLogPage>('/api/moderation/log?limit=20');
    const entries = log.body.items.filter((item) => item.commentId === commentId).map((item) => item.action);
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

    const again = await scene.admin.post(`/api/moderation/dsa/notices/${receipt.id}/decision`, DECISION);
    expect(again.status).toBe(409);
    expect(errorOf(again).code).toBe('dsa/already_decided');
  });

  it('reports a period in JSON and CSV', async () => {
    const from = new Date(Date.now() - 3600_000).toISOString();
    const to = new Date(Date.now() + 3600_000).toISOString();
    const path = `/api/moderation/dsa/report?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const before = (await scene.moderator.client.get<DsaReport>(path)).body;
    const receipt = await file(
      new ApiClient(app.baseUrl),
      notice(await comment(await author()), { category: 'scams_and_fraud' }),
    );
    await scene.moderator.client.post(`/api/moderation/dsa/notices/${receipt.id}/decision`, {
      ...DECISION,
      automated: true,
    });
    const after = (await scene.moderator.client.get<DsaReport>(path)).body;
    expect(after.notices.received).toBe(before.notices.received + 1);
    expect(after.notices.byCategory.scams_and_fraud).toBe(before.notices.byCategory.scams_and_fraud + 1);
    expect(after.decisions.byAction.removed).toBe(before.decisions.byAction.removed + 1);
    expect(after.decisions.automated).toBe(before.decisions.automated + 1);
    expect(after.decisions.medianSecondsToDecision).toBeGreaterThanOrEqual(0);
    expect(after.appeals.byOutcome).toHaveProperty('reversed');

    const csv = await scene.moderator.client.get<string>(`${path}&format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.body.split('\r\n')[0]).toBe('section,key,value');
    expect(csv.body).toContain(
      `notices_by_category,scams_and_fraud,${after.notices.byCategory.scams_and_fraud}`,
    );
    const accepted = await scene.moderator.client.get<string>(path, { headers: { accept: 'text/csv' } });
    expect(accepted.body).toContain('decisions_by_action,removed,');

    const backwards = await scene.moderator.client.get(
      `/api/moderation/dsa/report?from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`,
    );
    expect(errorOf(backwards).fields?.to).toBe(FIELD_MESSAGES.endAfterStart);
  });
});
