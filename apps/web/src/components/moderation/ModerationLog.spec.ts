import type { ModerationLogEntry } from '@parley/shared';
import { createTestingPinia } from '@pinia/testing';
import { flushPromises, mount, RouterLinkStub } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { moderationApi } from '../../api/moderation.js';
import { closePerson, usePersonDrawer } from '../../composables/usePersonDrawer.js';
import { publishLogEntry } from '../../composables/useModerationLogFeed.js';
import { uuid } from '../../testing/factories.js';
import ModerationLog from './ModerationLog.vue';

vi.mock('../../api/moderation.js', async (original) => ({
  ...(await original<object>()),
  moderationApi: { log: vi.fn(), stories: vi.fn(async () => ({ items: [], nextCursor: null })) },
}));
vi.mock('../../api/default-story.js', () => ({ defaultStory: vi.fn(async () => null) }));

function entry(overrides: Partial<ModerationLogEntry> = {}): ModerationLogEntry {
  return {
    id: uuid(),
    actor: 'maria',
    actorId: uuid(),
    action: 'ban',
    commentId: null,
    commentExcerpt: null,
    userId: uuid(),
    username: 'eve',
    storyId: null,
    storySlug: null,
    storyTitle: null,
    storyUrl: null,
    reason: null,
    changes: [],
    facts: {},
    createdAt: '2030-01-01T12:00:00.000Z',
    ...overrides,
  };
}

async function render(items: ModerationLogEntry[]) {
  vi.mocked(moderationApi.log).mockResolvedValueOnce({ items, nextCursor: null });
  const sut = mount(ModerationLog, {
    global: { plugins: [createTestingPinia({ createSpy: vi.fn })], stubs: { RouterLink: RouterLinkStub } },
  });
  await flushPromises();
  return sut;
}

const lines = (sut: Awaited<ReturnType<typeof render>>) =>
  sut.findAll('.entry .line').map((line) => line.text().replace(/\s+/g, ' '));

describe('ModerationLog', () => {
  beforeEach(() => vi.mocked(moderationApi.log).mockReset());

  it('names the moderator and the account acted on by username', async () => {
    const sut = await render([
      entry(),
      entry({ actor: null, action: 'auto_hold', userId: null, username: null }),
    ]);

    expect(lines(sut)).toEqual(['@maria banned a user @eve', 'System held a comment for review']);
  });

  it('names a comment by its first words and its story by title, and says what changed, old → new', async () => {
    const commentId = uuid();
    const sut = await render([
      entry({
        action: 'reject',
        commentId,
        commentExcerpt: 'Bold claim about the harbour',
        storySlug: 'harbour',
        storyTitle: 'Harbour plans',
        reason: 'offensive',
        changes: [{ field: 'status', from: 'published', to: 'rejected' }],
      }),
      entry({
        action: 'story_update',
        userId: null,
        username: null,
        storySlug: 'harbour',
        storyTitle: 'Harbour plans',
        storyUrl: 'https://news.example/harbour',
        changes: [
          { field: 'title', from: 'Harbor plans', to: 'Harbour plans' },
          { field: 'premod', from: 'off', to: 'all' },
        ],
      }),
    ]);

    expect(lines(sut)).toEqual([
      '@maria rejected a comment by @eve “Bold claim about the harbour” on Harbour plans',
      '@maria changed a story — Harbour plans https://news.example/harbour',
    ]);
    expect(sut.findAllComponents(RouterLinkStub).map((link) => link.props('to'))).toContain(
      `/comments/${commentId}`,
    );
    const details = sut.findAll('.details').map((list) => list.findAll('li').map((item) => item.text()));
    expect(details).toEqual([
      ['Reason: Offensive', 'Status: Published → Rejected'],
      ['Title: Harbor plans → Harbour plans', 'Pre-moderation: Off: publish at once → All comments'],
    ]);
    expect(sut.text()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
  });

  it("opens the drawer of the account acted on from the entry's username", async () => {
    const acted = entry();
    const sut = await render([acted]);

    await sut.get('.person-link').trigger('click');

    expect(usePersonDrawer().openUserId.value).toBe(acted.userId);
    closePerson();
  });

  it('asks the server for the chosen filters, and puts live entries on top only when they match', async () => {
    const sut = await render([entry()]);
    vi.mocked(moderationApi.log).mockResolvedValueOnce({
      items: [entry({ action: 'approve' })],
      nextCursor: null,
    });

    await sut.get('input[placeholder="username"]').setValue('@maria');
    await sut.get('select').setValue('approve');
    await flushPromises();

    expect(moderationApi.log).toHaveBeenLastCalledWith({
      actor: 'maria',
      action: 'approve',
      cursor: null,
      limit: 30,
    });
    publishLogEntry(entry({ action: 'reject', actor: 'maria' }));
    publishLogEntry(entry({ action: 'approve', actor: 'bob' }));
    const live = entry({
      action: 'approve',
      actor: 'Maria',
      commentId: uuid(),
      commentExcerpt: 'Fresh words',
    });
    publishLogEntry(live);
    publishLogEntry(live);
    await flushPromises();

    expect(sut.findAll('.entry').map((row) => row.attributes('data-log-id'))).toEqual([
      live.id,
      expect.any(String),
    ]);
  });
});
