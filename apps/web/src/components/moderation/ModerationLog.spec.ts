import type { ModerationLogEntry } from '@parley/shared';
import { flushPromises, mount, RouterLinkStub } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { moderationApi } from '../../api/moderation.js';
import { uuid } from '../../testing/factories.js';
import { closePerson, usePersonDrawer } from '../../composables/usePersonDrawer.js';
import ModerationLog from './ModerationLog.vue';

vi.mock('../../api/moderation.js', async (original) => ({
  ...(await original<object>()),
  moderationApi: { log: vi.fn() },
}));

function entry(overrides: Partial<ModerationLogEntry> = {}): ModerationLogEntry {
  return {
    id: uuid(),
    actor: 'maria',
    action: 'ban',
    commentId: null,
    userId: uuid(),
    username: 'eve',
    storySlug: null,
    reason: null,
    createdAt: '2030-01-01T12:00:00.000Z',
    ...overrides,
  };
}

describe('ModerationLog', () => {
  it('names the moderator and the account acted on by username', async () => {
    vi.mocked(moderationApi.log).mockResolvedValueOnce({
      items: [entry(), entry({ actor: null, action: 'auto_hold', userId: null, username: null })],
      nextCursor: null,
    });
    const sut = mount(ModerationLog, { global: { stubs: { RouterLink: RouterLinkStub } } });
    await flushPromises();

    const lines = sut.findAll('.entry > span').map((line) => line.text().replace(/\s+/g, ' '));
    expect(lines).toEqual(['@maria banned a user (@eve)', 'System held a comment for review']);
  });

  it("opens the drawer of the account acted on from the entry's username", async () => {
    const acted = entry();
    vi.mocked(moderationApi.log).mockResolvedValueOnce({ items: [acted], nextCursor: null });
    const sut = mount(ModerationLog, { global: { stubs: { RouterLink: RouterLinkStub } } });
    await flushPromises();

    await sut.get('.person-link').trigger('click');

    expect(usePersonDrawer().openUserId.value).toBe(acted.userId);
    closePerson();
  });
});
