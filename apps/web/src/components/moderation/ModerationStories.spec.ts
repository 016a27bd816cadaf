import type { Me, Story } from '@parley/shared';
import { FIELD_MESSAGES } from '@parley/shared/values';
import { createTestingPinia } from '@pinia/testing';
import { flushPromises, mount, RouterLinkStub } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/http.js';
import { moderationApi } from '../../api/moderation.js';
import { story } from '../../testing/admin.js';
import { me } from '../../testing/factories.js';
import { testLocalization } from '../../testing/localization.js';
import ModerationStories from './ModerationStories.vue';

vi.mock('../../api/moderation.js', async (original) => ({
  ...(await original<object>()),
  moderationApi: { stories: vi.fn(), createStory: vi.fn(), updateStory: vi.fn(), mergeStory: vi.fn() },
}));

async function render(viewer: Me, stories: Story[], locale: 'en' | 'de' = 'en') {
  vi.mocked(moderationApi.stories).mockResolvedValueOnce({ items: stories, nextCursor: null });
  const pinia = createTestingPinia({
    createSpy: vi.fn,
    initialState: { session: { me: viewer, loaded: true } },
  });
  const sut = mount(ModerationStories, {
    global: {
      plugins: locale === 'en' ? [pinia] : [pinia, await testLocalization(locale)],
      stubs: { RouterLink: RouterLinkStub },
    },
  });
  await flushPromises();
  return sut;
}

const admin = () => me({ username: 'root', role: 'admin' });
const moderator = () => me({ username: 'maria', role: 'moderator' });

describe('ModerationStories', () => {
  beforeEach(() => vi.clearAllMocks());

  it('lists stories with their counts and links, and searches by what was typed', async () => {
    const bridge = story({ title: 'Bridgehead', commentCount: 1, externalId: 'cms-4711' });
    const sut = await render(moderator(), [bridge, story({ url: 'https://parley.invalid/stories/old' })]);

    const items = sut.findAll('li.story');
    expect(items.map((item) => item.attributes('aria-label'))).toEqual(['Bridgehead', 'A story']);
    expect(items[0]!.text()).toContain('1 comment');
    expect(items[0]!.text()).toContain('id cms-4711');
    expect(items[0]!.findComponent(RouterLinkStub).props('to')).toBe(`/stories/${bridge.slug}`);
    // The address without its scheme, and the slug: two stories with one title still differ.
    expect(items[0]!.get(`a[href="${bridge.url}"]`).text()).toBe(bridge.url.replace('https://', ''));
    expect(items[0]!.text()).toContain(`/stories/${bridge.slug}`);
    expect(items[1]!.text()).toContain('No URL yet');

    vi.mocked(moderationApi.stories).mockResolvedValueOnce({ items: [bridge], nextCursor: null });
    await sut.get('input[type="search"]').setValue('  bridge ');
    await sut.get('form[role="search"]').trigger('submit');
    await flushPromises();

    expect(moderationApi.stories).toHaveBeenLastCalledWith({ search: 'bridge', cursor: null });
    expect(sut.findAll('li.story')).toHaveLength(1);
  });

  it('lets a moderator close comments and change pre-moderation, with named controls, but not edit or merge', async () => {
    const target = story({ title: 'Bridgehead' });
    const sut = await render(moderator(), [target]);
    vi.mocked(moderationApi.updateStory).mockResolvedValueOnce({ story: { ...target, commentsOpen: false } });

    const open = sut.get('input[aria-label="Comments open on “Bridgehead”"]');
    await open.setValue(false);
    await flushPromises();

    expect(moderationApi.updateStory).toHaveBeenCalledWith(target.id, { commentsOpen: false });
    expect(sut.get('[role="status"]').text()).toBe('Comments are closed on “Bridgehead”.');
    vi.mocked(moderationApi.updateStory).mockResolvedValueOnce({ story: { ...target, premod: 'all' } });
    await sut.get('select[aria-label="Pre-moderation for “Bridgehead”"]').setValue('all');
    await flushPromises();
    expect(moderationApi.updateStory).toHaveBeenLastCalledWith(target.id, { premod: 'all' });
    expect(sut.find('button[aria-label="Edit “Bridgehead”"]').exists()).toBe(false);
    expect(sut.find('form.create').exists()).toBe(false);
    expect(sut.find('.merge').exists()).toBe(false);
  });

  it('shows the server’s refusal and keeps the list as it was', async () => {
    const target = story({ title: 'Bridgehead' });
    const sut = await render(moderator(), [target]);
    vi.mocked(moderationApi.updateStory).mockRejectedValueOnce(new Error('You are not allowed to do that.'));

    await sut.get('select[aria-label="Pre-moderation for “Bridgehead”"]').setValue('links');
    await flushPromises();

    expect(sut.get('[role="alert"]').text()).toBe('You are not allowed to do that.');
    expect(sut.get('[role="status"]').text()).toBe('');
  });

  it('lets an admin create a story and edit its title, URL and external id', async () => {
    const existing = story({ title: 'Old title', externalId: 'cms-1' });
    const sut = await render(admin(), [existing]);
    const made = story({ title: 'Made here' });
    vi.mocked(moderationApi.createStory).mockResolvedValueOnce({ story: made });
    // The form stays closed until asked for.
    expect(sut.find('form.create').exists()).toBe(false);
    await sut.get('button[aria-expanded="false"]').trigger('click');

    await sut.get('form.create input[required]').setValue('Made here');
    await sut.get('form.create').trigger('submit');
    await flushPromises();

    expect(moderationApi.createStory).toHaveBeenCalledWith({ title: 'Made here' });
    expect(sut.find('form.create').exists()).toBe(false);
    expect(sut.findAll('li.story').map((item) => item.attributes('aria-label'))).toEqual([
      'Made here',
      'Old title',
    ]);

    await sut.get('button[aria-label="Edit “Old title”"]').trigger('click');
    const edit = sut.get('form.edit');
    const [title, url, externalId] = edit.findAll('input');
    await title!.setValue('New title');
    await url!.setValue('https://news.example.org/new');
    await externalId!.setValue('');
    vi.mocked(moderationApi.updateStory).mockResolvedValueOnce({
      story: { ...existing, title: 'New title', url: 'https://news.example.org/new', externalId: null },
    });
    await edit.trigger('submit');
    await flushPromises();

    expect(moderationApi.updateStory).toHaveBeenCalledWith(existing.id, {
      title: 'New title',
      url: 'https://news.example.org/new',
      externalId: null,
    });
    expect(sut.find('form.edit').exists()).toBe(false);
    expect(sut.get('[role="status"]').text()).toBe('Saved “New title”.');
  });

  it('puts the server’s refusal of a field beside that field, in the form that sent it', async () => {
    const existing = story({ title: 'Old title' });
    const sut = await render(admin(), [existing]);
    vi.mocked(moderationApi.createStory).mockRejectedValueOnce(
      new ApiError('request/invalid', `Invalid story. url: ${FIELD_MESSAGES.storyUrl}`, 400, {
        url: FIELD_MESSAGES.storyUrl,
      }),
    );
    await sut.get('button[aria-expanded="false"]').trigger('click');
    await sut.get('form.create input[required]').setValue('Made here');
    await sut.get('form.create input[type="url"]').setValue('ftp://news.example.org/a');
    await sut.get('form.create').trigger('submit');
    await flushPromises();

    const url = sut.get('form.create input[type="url"]');
    expect(url.attributes('aria-invalid')).toBe('true');
    expect(sut.get(`[id="${url.attributes('aria-describedby')}"]`).text()).toBe(FIELD_MESSAGES.storyUrl);
    expect(sut.get('form.create input[required]').attributes('aria-invalid')).toBeUndefined();
    expect(sut.find('[role="alert"]').exists()).toBe(false);
    // An edit form opened next does not show the new story's refusal.
    await sut.get('button[aria-label="Edit “Old title”"]').trigger('click');
    expect(sut.find('form.edit [aria-invalid="true"]').exists()).toBe(false);
  });

  it('merges only after the admin confirms, then drops the source and shows the target’s new count', async () => {
    const source = story({ title: 'Old address', commentCount: 2 });
    const target = story({ title: 'New address', commentCount: 1 });
    const sut = await render(admin(), [source, target]);
    vi.mocked(moderationApi.mergeStory).mockResolvedValueOnce({
      story: { ...target, commentCount: 3 },
      moved: 2,
    });
    expect(sut.find('.merge').exists()).toBe(false);
    await sut.get('button[aria-label="Merge “Old address” into another story"]').trigger('click');
    const mergeButton = sut.get('button[aria-label="Merge “Old address”"]');
    expect(mergeButton.attributes('disabled')).toBeDefined();
    // The choice names each story by title, address and id, and starts on its prompt, not blank.
    const choice = sut.get<HTMLSelectElement>('select[aria-label="Merge “Old address” into"]');
    expect(choice.element.selectedOptions[0]!.text).toBe('Choose the story to keep…');
    expect(choice.findAll('option').map((option) => option.text())).toEqual([
      'Choose the story to keep…',
      `New address — ${target.url.replace('https://', '')} · id ${target.slug}`,
    ]);

    await choice.setValue(target.id);
    await sut.get('button[aria-label="Merge “Old address”"]').trigger('click');
    expect(moderationApi.mergeStory).not.toHaveBeenCalled();
    expect(sut.get('.confirm-row').text()).toContain('into “New address”');
    await sut.get('.confirm-row button.danger').trigger('click');
    await flushPromises();

    expect(moderationApi.mergeStory).toHaveBeenCalledWith(source.id, target.id);
    expect(sut.findAll('li.story').map((item) => item.attributes('aria-label'))).toEqual(['New address']);
    expect(sut.get('li.story').text()).toContain('3 comments');
    expect(sut.get('[role="status"]').text()).toBe('Moved 2 comments from “Old address” into “New address”.');
  });

  it('reads in German: names, counts, pre-moderation modes and the outcome of a change', async () => {
    const target = story({ title: 'Bridgehead', commentCount: 1 });
    const sut = await render(moderator(), [target, story({ title: 'Harbour', commentCount: 5 })], 'de');

    expect(sut.get('h2').text()).toBe('Beiträge');
    const items = sut.findAll('li.story');
    expect(items[0]!.text()).toMatch(/1 Kommentar(?!e)/);
    expect(items[1]!.text()).toContain('5 Kommentare');
    const premod = sut.get<HTMLSelectElement>('select[aria-label="Vorabprüfung für „Bridgehead“"]');
    expect(premod.findAll('option').map((option) => option.text())).toEqual([
      'Aus: sofort veröffentlichen',
      'Kommentare mit Links',
      'Kommentare neuer Konten',
      'Alle Kommentare',
    ]);
    // A title a person wrote keeps its own direction.
    expect(items[0]!.findComponent(RouterLinkStub).attributes('dir')).toBe('auto');

    vi.mocked(moderationApi.updateStory).mockResolvedValueOnce({ story: { ...target, commentsOpen: false } });
    await sut.get('input[aria-label="Kommentare offen bei „Bridgehead“"]').setValue(false);
    await flushPromises();
    expect(sut.get('[role="status"]').text()).toBe('Die Kommentare bei „Bridgehead“ sind geschlossen.');
  });
});
