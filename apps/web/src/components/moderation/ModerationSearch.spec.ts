import type { CommentSearchResult } from '@parley/shared';
import { FIELD_MESSAGES } from '@parley/shared/values';
import { enableAutoUnmount, flushPromises, mount, RouterLinkStub } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/http.js';
import { moderationApi } from '../../api/moderation.js';
import { closePerson, usePersonDrawer } from '../../composables/usePersonDrawer.js';
import { uuid } from '../../testing/factories.js';
import ModerationSearch from './ModerationSearch.vue';

vi.mock('../../api/moderation.js', async (original) => ({
  ...(await original<object>()),
  moderationApi: { search: vi.fn() },
}));

function result(overrides: Partial<CommentSearchResult> = {}): CommentSearchResult {
  return {
    id: uuid(),
    parentId: null,
    body: 'Привет, мир',
    status: 'pending',
    featured: false,
    createdAt: '2030-01-01T12:00:00.000Z',
    editedAt: null,
    author: { id: uuid(), username: 'ana', displayName: 'Ana', role: 'reader' },
    story: { id: uuid(), slug: 'elections', title: 'Elections' },
    rank: null,
    ...overrides,
  };
}

const mountSut = () =>
  mount(ModerationSearch, { attachTo: document.body, global: { stubs: { RouterLink: RouterLinkStub } } });

describe('ModerationSearch', () => {
  enableAutoUnmount(afterEach);
  afterEach(() => {
    vi.mocked(moderationApi.search).mockReset();
    closePerson();
  });

  it('sends the labelled fields and lists each match with a link to the comment', async () => {
    const found = result();
    vi.mocked(moderationApi.search).mockResolvedValueOnce({ items: [found], nextCursor: null });
    const sut = mountSut();

    await sut.get('input[type="search"]').setValue('  "привет мир" moder*  ');
    const status = sut.findAll('select')[0]!;
    await status.setValue('pending');
    await sut.findAll('select')[1]!.setValue('rank');
    await sut.get('form').trigger('submit');
    await flushPromises();

    expect(moderationApi.search).toHaveBeenCalledWith({
      q: '"привет мир" moder*',
      status: 'pending',
      sort: 'rank',
      cursor: null,
      limit: 20,
    });
    // Every field has a label tied to it.
    for (const field of sut.findAll('input, select')) {
      expect(sut.find(`label[for="${field.attributes('id')}"]`).exists()).toBe(true);
    }
    expect(sut.get('.body').text()).toBe('Привет, мир');
    expect(sut.getComponent(RouterLinkStub).props('to')).toBe(`/comments/${found.id}`);
  });

  it("shows a match's words without the text format's marks", async () => {
    vi.mocked(moderationApi.search).mockResolvedValueOnce({
      items: [result({ body: 'Which *bridge*, **again**?\n\nSee <https://example.org>' })],
      nextCursor: null,
    });
    const sut = mountSut();
    await sut.get('input[type="search"]').setValue('bridge');
    await sut.get('form').trigger('submit');
    await flushPromises();

    expect(sut.get('.body').text()).not.toMatch(/\*/);
    expect(sut.get('.body').text()).toContain('Which bridge, again?');
  });

  it('asks for newest first when there are no words to rank by, and says when nothing matched', async () => {
    vi.mocked(moderationApi.search).mockResolvedValueOnce({ items: [], nextCursor: null });
    const sut = mountSut();

    await sut.findAll('select')[1]!.setValue('rank');
    await sut.get('input[type="text"]').setValue('elections');
    await sut.get('form').trigger('submit');
    await flushPromises();

    expect(moderationApi.search).toHaveBeenCalledWith({
      story: 'elections',
      sort: 'newest',
      cursor: null,
      limit: 20,
    });
    expect(sut.get('[role="status"]').text()).toContain('No comments match.');
  });

  it('loads more with the cursor, without repeating a comment', async () => {
    const first = result();
    const second = result();
    vi.mocked(moderationApi.search)
      .mockResolvedValueOnce({ items: [first], nextCursor: 'next' })
      .mockResolvedValueOnce({ items: [first, second], nextCursor: null });
    const sut = mountSut();
    await sut.get('input[type="search"]').setValue('word');
    await sut.get('form').trigger('submit');
    await flushPromises();

    await sut.get('.button-quiet').trigger('click');
    await flushPromises();

    expect(vi.mocked(moderationApi.search).mock.calls[1]![0]).toMatchObject({ cursor: 'next' });
    expect(sut.findAll('.comment-result')).toHaveLength(2);
    expect(sut.find('.button-quiet').exists()).toBe(false);
  });

  it("opens the author's drawer, and shows a refusal naming a field beside that field", async () => {
    const found = result();
    vi.mocked(moderationApi.search)
      .mockResolvedValueOnce({ items: [found], nextCursor: null })
      .mockRejectedValueOnce(
        new ApiError('request/invalid', `Invalid query. story: ${FIELD_MESSAGES.storyRef}`, 400, {
          story: FIELD_MESSAGES.storyRef,
        }),
      );
    const sut = mountSut();
    await sut.get('form').trigger('submit');
    await flushPromises();

    await sut.get('.person-link').trigger('click');
    expect(usePersonDrawer().openUserId.value).toBe(found.author.id);

    await sut.get('input[type="text"]').setValue('Not a slug!');
    await sut.get('form').trigger('submit');
    await flushPromises();
    const story = sut.get('input[type="text"]');
    expect(story.attributes('aria-invalid')).toBe('true');
    expect(sut.get(`[id="${story.attributes('aria-describedby')}"]`).text()).toBe(FIELD_MESSAGES.storyRef);
    expect(document.activeElement).toBe(story.element);
    // The other fields stay valid, and nothing is said above the results.
    expect(sut.get('input[type="search"]').attributes('aria-invalid')).toBeUndefined();
    expect(sut.find('[role="alert"]').exists()).toBe(false);
  });

  it('describes the words field by its hint and its error, and clears the error on the next search', async () => {
    vi.mocked(moderationApi.search)
      .mockRejectedValueOnce(
        new ApiError('request/invalid', 'Invalid query.', 400, { q: FIELD_MESSAGES.atMostCharacters(200) }),
      )
      .mockResolvedValueOnce({ items: [], nextCursor: null });
    const sut = mountSut();
    await sut.get('input[type="search"]').setValue('words');
    await sut.get('form').trigger('submit');
    await flushPromises();

    const words = sut.get('input[type="search"]');
    const [hint, error] = words.attributes('aria-describedby')!.split(' ');
    expect(sut.get(`[id="${hint}"]`).text()).toBe(
      'Matches comment text, author names and story titles, in any language.',
    );
    expect(sut.get(`[id="${error}"]`).text()).toBe(FIELD_MESSAGES.atMostCharacters(200));

    await sut.get('form').trigger('submit');
    await flushPromises();
    expect(sut.get('input[type="search"]').attributes('aria-invalid')).toBeUndefined();
    expect(sut.get('input[type="search"]').attributes('aria-describedby')).toBe(hint);
  });

  it('keeps a refusal that names no field above the results', async () => {
    vi.mocked(moderationApi.search).mockRejectedValueOnce(
      new ApiError('server/internal', 'Something went wrong on our side.', 500),
    );
    const sut = mountSut();
    await sut.get('form').trigger('submit');
    await flushPromises();

    expect(sut.get('[role="alert"]').text()).toBe('Something went wrong on our side.');
    expect(sut.find('[aria-invalid="true"]').exists()).toBe(false);
  });
});
