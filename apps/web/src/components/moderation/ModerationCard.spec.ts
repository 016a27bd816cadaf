import type { QueueItem } from '@parley/shared';
import { createTestingPinia } from '@pinia/testing';
import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/http.js';
import { moderationApi } from '../../api/moderation.js';
import { useModerationStore } from '../../stores/moderation.js';
import { comment, me, user } from '../../testing/factories.js';
import ModerationCard from './ModerationCard.vue';

vi.mock('../../api/moderation.js', async (original) => ({
  ...(await original<object>()),
  moderationApi: { revisions: vi.fn() },
}));

const RouterLinkStub = {
  props: ['to'],
  template: '<a :href="typeof to === \'string\' ? to : to.path + to.hash"><slot /></a>',
};

function item(overrides: Partial<QueueItem> = {}): QueueItem {
  const body = comment({ status: 'approved', body: 'You people are scum, see https://example.com' });
  const author = {
    ...body.author!,
    status: 'active' as const,
    suspendedUntil: null,
    alwaysPremod: false,
    approvedCount: 4,
    rejectedCount: 1,
    createdAt: '2029-01-01T00:00:00.000Z',
    email: null,
    emailVerified: false,
  };
  return {
    comment: body,
    story: { id: body.storyId, slug: 'an-story', title: 'An story' },
    parent: null,
    flags: ['banned_word', 'link', 'reports'],
    matchedWords: ['scum'],
    hook: null,
    reports: [{ reason: 'abuse', note: 'insults readers', reporter: 'bob', createdAt: body.createdAt }],
    openReportCount: 1,
    author,
    decidedBy: 'maria',
    revisionCount: 0,
    ...overrides,
  };
}

function setup(card = item()) {
  createTestingPinia({
    createSpy: vi.fn,
    initialState: { session: { me: me({ role: 'moderator' }), loaded: true } },
  });
  const moderation = useModerationStore();
  const sut = mount(ModerationCard, {
    props: { item: card, queue: 'reported' },
    global: { stubs: { RouterLink: RouterLinkStub } },
  });
  return { sut, moderation, card };
}

describe('ModerationCard', () => {
  beforeEach(() => vi.clearAllMocks());

  it('names the author and says why the comment is here', () => {
    const { sut, card } = setup();
    const article = sut.get('article');
    expect(article.attributes('aria-label')).toBe(`Comment by ${card.author.displayName}`);
    expect(article.attributes('tabindex')).toBe('0');
    const chips = sut.findAll('.chip').map((chip) => chip.text());
    expect(chips).toEqual(['Banned word', 'Contains link', 'Reported ×1']);
    expect(sut.text()).toContain('Abuse or harassment from @bob: “insults readers”');
    expect(sut.get('mark').text()).toBe('scum');
    expect(sut.get('a[href="/stories/an-story#comment-' + card.comment.id + '"]').text()).toBe(
      'View in story',
    );
    expect(sut.text()).toContain('4 approved');
  });

  it("shows the moderation service's reason and labels beside its chip", () => {
    const { sut } = setup(
      item({
        flags: ['hook'],
        hook: { reason: 'insults another reader', labels: { toxicity: 0.9312, language: 'en', spam: false } },
      }),
    );

    expect(sut.findAll('.chip').map((chip) => chip.text())).toContain('Moderation service');
    expect(sut.get('.hook-reason').text()).toBe('Moderation service: insults another reader');
    expect(sut.findAll('.label').map((label) => label.text())).toEqual([
      'toxicity 0.93',
      'language en',
      'spam false',
    ]);
  });

  it('shows no moderation service part when the hook said nothing', () => {
    const { sut } = setup();
    expect(sut.find('[data-testid="hook-verdict"]').exists()).toBe(false);
  });

  it('shows the username beside every person it names', () => {
    const parent = comment({ author: user({ displayName: 'Admin', username: 'mallory' }) });
    const card = item({ parent });
    card.author = { ...card.author, displayName: 'Moderator', username: 'eve' };
    const { sut } = setup(card);

    expect(sut.get('.mod-card-head .author').text()).toMatch(/^Moderator\s*@eve$/);
    expect(sut.get('.parent summary').text()).toMatch(/^In reply to Admin\s*@mallory$/);
    expect(sut.get('.decided').text()).toBe('Decided by @maria');
    expect(sut.get('[role="group"].mod-card-side').attributes('aria-label')).toBe('About Moderator (@eve)');
    expect(sut.get('article').attributes('aria-label')).toBe('Comment by Moderator');
    expect(sut.get('.decisions').attributes('aria-label')).toBe('Decide on the comment by Moderator');
  });

  it('shows who decided first and offers to override', async () => {
    const { sut, moderation, card } = setup();
    vi.mocked(moderation.decide)
      .mockRejectedValueOnce(
        new ApiError('moderation/already_decided', 'maria already approved this comment.', 409, undefined, {
          decidedBy: 'maria',
        }),
      )
      .mockResolvedValueOnce({ comment: card.comment, queues: [] });

    await sut.get('button.reject').trigger('click');
    await flushPromises();
    await sut.get('form.reject-choice').trigger('submit');
    await flushPromises();

    expect(moderation.decide).toHaveBeenLastCalledWith(card.comment.id, { kind: 'reject', reason: 'other' });
    expect(sut.get('[role="alert"]').text()).toContain('maria already approved this comment.');

    const override = sut.findAll('button').find((button) => button.text() === 'Override')!;
    await override.trigger('click');
    await flushPromises();
    expect(moderation.decide).toHaveBeenLastCalledWith(card.comment.id, {
      kind: 'reject',
      reason: 'other',
      override: true,
    });
    expect(sut.find('[role="alert"]').exists()).toBe(false);
    expect(sut.emitted('decided')?.[0]).toEqual([
      `Rejected the comment by ${card.author.displayName} (Other reason).`,
    ]);
  });

  it('exposes approve for the a shortcut', async () => {
    const { sut, moderation, card } = setup();
    vi.mocked(moderation.decide).mockResolvedValueOnce({ comment: card.comment, queues: ['approved'] });
    (sut.vm as unknown as { approve: () => void }).approve();
    await flushPromises();
    expect(moderation.decide).toHaveBeenCalledWith(card.comment.id, { kind: 'approve' });
  });

  it('says how many times the comment was edited, and opens its history', async () => {
    const { sut: unedited } = setup();
    expect(unedited.text()).not.toContain('Edited');

    const card = item({ revisionCount: 2 });
    vi.mocked(moderationApi.revisions).mockResolvedValue({
      commentId: card.comment.id,
      current: { body: card.comment.body, editedAt: card.comment.createdAt },
      revisions: [],
    });
    const { sut } = setup(card);
    const toggle = sut.findAll('button').find((button) => button.text() === 'Edited 2 times')!;
    expect(toggle.attributes('aria-expanded')).toBe('false');

    await toggle.trigger('click');
    await flushPromises();

    expect(toggle.attributes('aria-expanded')).toBe('true');
    expect(moderationApi.revisions).toHaveBeenCalledWith(card.comment.id);
    expect(sut.get(`#${toggle.attributes('aria-controls')}`).text()).toContain('Edit history');
  });
});
