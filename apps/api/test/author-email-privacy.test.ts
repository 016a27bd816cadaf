import type { ModeratedUser, QueuePage } from '@parley/shared';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createStory, createUser, loginAdmin, uniqueBody, type TestUser } from './support/factories.js';
import type { ApiClient } from './support/http.js';
import { appSuite } from './support/suite.js';

/**
 * The queue card's author history follows the person drawer's rule: the address only for admins;
 * moderators learn whether one is confirmed, never the address.
 */
appSuite('the author’s email on moderation cards', {}, (app) => {
  let admin: ApiClient;
  let moderator: TestUser;
  let author: TestUser;
  let address: string;

  beforeAll(async () => {
    admin = await loginAdmin(app);
    moderator = await createUser(app, { role: 'moderator' });
    author = await createUser(app);
    address = `author-${randomUUID().slice(0, 8)}@example.org`;
    await app.db
      .updateTable('users')
      .set({ email: address, emailVerifiedAt: new Date() })
      .where('id', '=', author.me.id)
      .execute();
    const story = await createStory(app.db);
    const id = randomUUID();
    await app.db
      .insertInto('comments')
      .values({
        id,
        storyId: story.id,
        rootId: id,
        depth: 0,
        parentId: null,
        authorId: author.me.id,
        body: uniqueBody('held'),
        status: 'pending',
      })
      .execute();
  });

  async function cardAuthor(client: ApiClient) {
    const page = await client.get<QueuePage>('/api/moderation/queues/pending?limit=50');
    expect(page.status).toBe(200);
    const item = page.body.items.find((entry) => entry.comment.author?.id === author.me.id);
    expect(item, 'the held comment is on the Pending queue').toBeDefined();
    return { history: item!.author, raw: JSON.stringify(page.body) };
  }

  describe('the Pending queue', () => {
    it('shows a moderator that the address is confirmed, never the address', async () => {
      const { history, raw } = await cardAuthor(moderator.client);

      expect(history).toMatchObject({ email: null, emailVerified: true });
      expect(raw).not.toContain(address);
    });

    it('shows an admin the address', async () => {
      const { history } = await cardAuthor(admin);

      expect(history).toMatchObject({ email: address, emailVerified: true });
    });
  });

  it('answers a moderator’s action on the account without the address, an admin’s with it', async () => {
    const byModerator = await moderator.client.post<ModeratedUser>(
      `/api/moderation/users/${author.me.id}/premod`,
      { on: true },
    );
    expect(byModerator.status).toBe(200);
    expect(byModerator.body).toMatchObject({ alwaysPremod: true, email: null, emailVerified: true });

    const byAdmin = await admin.post<ModeratedUser>(`/api/moderation/users/${author.me.id}/premod`, {
      on: false,
    });
    expect(byAdmin.body).toMatchObject({ alwaysPremod: false, email: address });
  });
});
