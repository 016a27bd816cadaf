import type { DsaAppeal } from '@parley/shared';
import { expect, it } from 'vitest';
import { DECISION, dsaSuite } from './support/dsa-scene.js';
import { createUser } from './support/factories.js';
import { ApiClient, errorOf } from './support/http.js';
import { waitFor } from './support/wait.js';

// Appeals against a decided notice: who may appeal, when, and who decides them.
dsaSuite('appeals', (scene) => {
  const { app, author, comment, notice, file, mailTo } = scene;

  it('takes appeals from the author and the notifier only, once each, within six months, decided by another moderator', async () => {
    const writer = await author();
    const commentId = await comment(writer);
    const receipt = await file(new ApiClient(app.baseUrl), notice(commentId));
    const early = await writer.client.post(`/api/dsa/notices/${receipt.id}/appeals`, {
      reason: 'Too early',
    });
    expect(errorOf(early).code).toBe('dsa/not_decided');
    await scene.moderator.client.post(`/api/moderation/dsa/notices/${receipt.id}/decision`, DECISION);

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
      noticeDecidedBy: scene.moderator.username,
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

    const own = await scene.moderator.client.post(
      `/api/moderation/dsa/appeals/${appealed.body.id}/decision`,
      {
        outcome: 'reversed',
        explanation: 'On reflection',
      },
    );
    expect(own.status).toBe(403);
    expect(errorOf(own)).toMatchObject({
      code: 'dsa/same_moderator',
      message: expect.stringMatching(/another moderator/),
    });

    const reversed = await scene.admin.post<DsaAppeal>(
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
    const decidedTwice = await scene.admin.post(`/api/moderation/dsa/appeals/${appealed.body.id}/decision`, {
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
    await scene.admin.post(`/api/moderation/dsa/notices/${receipt.id}/decision`, {
      ...DECISION,
      action: 'no_action',
    });
    expect((await new ApiClient(app.baseUrl).get(`/api/comments/${commentId}`)).status).toBe(200);
    const byAuthor = await writer.client.post(`/api/dsa/notices/${receipt.id}/appeals`, { reason: 'Why?' });
    expect(errorOf(byAuthor).code).toBe('dsa/nothing_to_appeal');
    const appeal = await notifier.client.post<DsaAppeal>(`/api/dsa/notices/${receipt.id}/appeals`, {
      reason: 'It is defamatory.',
    });
    await scene.moderator.client.post(`/api/moderation/dsa/appeals/${appeal.body.id}/decision`, {
      outcome: 'reversed',
      explanation: 'It is defamatory after all.',
    });
    expect((await new ApiClient(app.baseUrl).get(`/api/comments/${commentId}`)).status).toBe(404);
  });
});
