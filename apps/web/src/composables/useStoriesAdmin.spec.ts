import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from 'vue';
import { moderationApi } from '../api/moderation.js';
import { story } from '../testing/admin.js';
import { refreshModerationStories } from './useModerationStories.js';
import { testLocalization } from '../testing/localization.js';
import { useStoriesAdmin as useStoriesAdminInApp } from './useStoriesAdmin.js';

const app = createApp({}).use(await testLocalization('en'));
/** The composable as a component in an English app would use it. */
const useStoriesAdmin: typeof useStoriesAdminInApp = (...args) =>
  app.runWithContext(() => useStoriesAdminInApp(...args));

vi.mock('../api/moderation.js', async (original) => ({
  ...(await original<object>()),
  moderationApi: { stories: vi.fn(), createStory: vi.fn(), updateStory: vi.fn(), mergeStory: vi.fn() },
}));
vi.mock('./useModerationStories.js', () => ({ refreshModerationStories: vi.fn() }));

async function loaded(stories = [story()], nextCursor: string | null = null) {
  vi.mocked(moderationApi.stories).mockResolvedValueOnce({ items: stories, nextCursor });
  const sut = useStoriesAdmin();
  await sut.load();
  return sut;
}

describe(useStoriesAdminInApp.name, () => {
  beforeEach(() => vi.clearAllMocks());

  it('searches by the trimmed text, appends the next page, and says why a page failed', async () => {
    const first = story({ title: 'First' });
    const sut = await loaded([first], 'cursor-1');
    expect(moderationApi.stories).toHaveBeenLastCalledWith({ search: null, cursor: null });

    const second = story({ title: 'Second' });
    vi.mocked(moderationApi.stories).mockResolvedValueOnce({ items: [second], nextCursor: null });
    await sut.load(true);
    expect(moderationApi.stories).toHaveBeenLastCalledWith({ search: null, cursor: 'cursor-1' });
    expect(sut.stories.value.map((known) => known.title)).toEqual(['First', 'Second']);
    expect(sut.nextCursor.value).toBeNull();

    sut.search.value = '  brid ';
    vi.mocked(moderationApi.stories).mockRejectedValueOnce(new Error('The server is busy.'));
    await sut.load();
    expect(moderationApi.stories).toHaveBeenLastCalledWith({ search: 'brid', cursor: null });
    expect(sut.loadError.value).toBe('The server is busy.');
    expect(sut.loading.value).toBe(false);
  });

  it('opens, closes and pre-moderates, replacing the story with the server’s answer', async () => {
    const target = story({ title: 'Bridgehead' });
    const sut = await loaded([target]);
    vi.mocked(moderationApi.updateStory).mockResolvedValueOnce({ story: { ...target, commentsOpen: false } });
    await sut.setOpen(target, false);
    expect(moderationApi.updateStory).toHaveBeenCalledWith(target.id, { commentsOpen: false });
    expect(sut.stories.value[0]!.commentsOpen).toBe(false);
    expect(sut.status.value).toBe('Comments are closed on “Bridgehead”.');

    vi.mocked(moderationApi.updateStory).mockResolvedValueOnce({ story: { ...target, premod: 'links' } });
    await sut.setPremod(target, 'links');
    expect(sut.status.value).toBe('Pre-moderation on “Bridgehead”: Comments with links.');

    vi.mocked(moderationApi.updateStory).mockRejectedValueOnce(new Error('Not yours.'));
    expect(await sut.setPremod(target, 'all')).toBe(false);
    expect(sut.actionError.value).toBe('Not yours.');
    expect(sut.status.value).toBeNull();
    expect(sut.stories.value[0]!.premod).toBe('links');
  });

  it('creates with only the fields given, clears the form and refreshes the queue filter', async () => {
    const sut = await loaded([story({ title: 'Older' })]);
    const made = story({ title: 'Made here' });
    vi.mocked(moderationApi.createStory).mockResolvedValueOnce({ story: made });
    Object.assign(sut.draft, { title: 'Made here', url: '  ', externalId: ' cms-9 ' });
    await sut.create();

    expect(moderationApi.createStory).toHaveBeenCalledWith({ title: 'Made here', externalId: 'cms-9' });
    expect(sut.stories.value.map((known) => known.title)).toEqual(['Made here', 'Older']);
    expect(sut.draft).toEqual({ title: '', url: '', externalId: '' });
    expect(refreshModerationStories).toHaveBeenCalledOnce();
  });

  it('edits without offering the placeholder URL, and clears an emptied external id', async () => {
    const target = story({ title: 'Old', url: 'https://parley.invalid/stories/old', externalId: 'cms-1' });
    const sut = await loaded([target]);
    sut.startEdit(target);
    expect(sut.edit).toEqual({ title: 'Old', url: '', externalId: 'cms-1' });

    sut.edit.title = ' New ';
    sut.edit.externalId = '';
    vi.mocked(moderationApi.updateStory).mockResolvedValueOnce({ story: { ...target, title: 'New' } });
    await sut.saveEdit(target);
    expect(moderationApi.updateStory).toHaveBeenCalledWith(target.id, { title: ' New ', externalId: null });
    expect(sut.editing.value).toBeNull();
    expect(sut.status.value).toBe('Saved “New”.');
    expect(refreshModerationStories).toHaveBeenCalledOnce();
  });

  it('merges only into a chosen target, dropping the source and closing the confirmation', async () => {
    const source = story({ title: 'Old address' });
    const target = story({ title: 'New address', commentCount: 1 });
    const sut = await loaded([source, target]);
    await sut.merge(source);
    expect(moderationApi.mergeStory).not.toHaveBeenCalled();

    sut.mergeTargets[source.id] = target.id;
    sut.confirming.value = source.id;
    expect(sut.titleOf(target.id)).toBe('New address');
    vi.mocked(moderationApi.mergeStory).mockResolvedValueOnce({
      story: { ...target, commentCount: 2 },
      moved: 1,
    });
    await sut.merge(source);

    expect(sut.stories.value).toEqual([{ ...target, commentCount: 2 }]);
    expect(sut.confirming.value).toBeNull();
    expect(sut.status.value).toBe('Moved 1 comment from “Old address” into “New address”.');
  });
});
