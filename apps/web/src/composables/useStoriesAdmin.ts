import type { PremodMode, Story, UpdateStoryRequest } from '@parley/shared';
import { isPlaceholderStoryUrl } from '@parley/shared/values';
import { reactive, ref } from 'vue';
import { formErrors } from '../api/field-errors.js';
import { errorMessage } from '../api/http.js';
import { moderationApi } from '../api/moderation.js';
import { useLocalization } from '../i18n/localization.js';
import { refreshModerationStories } from './useModerationStories.js';

/** The fields the story forms show a message beside. */
const STORY_FIELDS = ['title', 'url', 'externalId'] as const;
export type StoryField = (typeof STORY_FIELDS)[number];

/**
 * The Stories tab's state and actions: the searched, paged list; opening, closing and
 * pre-moderating a story (staff); creating, editing and merging (admins, as the server checks).
 * `status` holds the outcome of the last change for screen readers, in the page's language;
 * `actionError` why it failed, unless the reasons go beside a form's fields (`fieldErrors`).
 */
export function useStoriesAdmin() {
  const { t } = useLocalization();
  const search = ref('');
  const stories = ref<Story[]>([]);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const loadError = ref<string | null>(null);
  const status = ref<string | null>(null);
  const actionError = ref<string | null>(null);
  /** What the shown list was searched for ('' for every story): the empty state says which. */
  const searched = ref('');
  /** The form that failed last (`new`, or a story's id) and each of its fields' message. */
  const problems = ref<{ form: string; fields: Partial<Record<StoryField, string>> } | null>(null);
  /** A form's field messages: only the form that failed shows them. */
  const fieldErrors = (form: string): Partial<Record<StoryField, string>> =>
    problems.value?.form === form ? problems.value.fields : {};

  /** The first page for what the search holds, or (`more`) the next page appended. */
  async function load(more = false): Promise<void> {
    loading.value = true;
    loadError.value = null;
    try {
      const page = await moderationApi.stories({
        search: search.value.trim() || null,
        cursor: more ? nextCursor.value : null,
      });
      stories.value = more ? [...stories.value, ...page.items] : page.items;
      nextCursor.value = page.nextCursor;
      searched.value = search.value.trim();
    } catch (caught) {
      loadError.value = errorMessage(caught);
    } finally {
      loading.value = false;
    }
  }

  function replace(story: Story): void {
    stories.value = stories.value.map((known) => (known.id === story.id ? story : known));
  }

  /** Runs a change; a refusal of `form`'s fields goes beside them, any other failure above the list. */
  async function act(work: () => Promise<string>, form?: string): Promise<boolean> {
    actionError.value = null;
    status.value = null;
    problems.value = null;
    try {
      status.value = await work();
      return true;
    } catch (caught) {
      const { fields } = formErrors(caught, form ? STORY_FIELDS : []);
      if (form && Object.keys(fields).length > 0) problems.value = { form, fields };
      else actionError.value = errorMessage(caught);
      return false;
    }
  }

  function update(story: Story, changes: UpdateStoryRequest, done: string, form?: string): Promise<boolean> {
    return act(async () => {
      replace((await moderationApi.updateStory(story.id, changes)).story);
      return done;
    }, form);
  }

  const setOpen = (story: Story, open: boolean) =>
    update(
      story,
      { commentsOpen: open },
      t(open ? 'moderate.stories.nowOpen' : 'moderate.stories.nowClosed', { title: story.title }),
    );

  const setPremod = (story: Story, premod: PremodMode) =>
    update(
      story,
      { premod },
      t('moderate.stories.premodSet', { title: story.title, mode: t(`moderate.premod.${premod}`) }),
    );

  const draft = reactive({ title: '', url: '', externalId: '' });
  /** Creates the drafted story; true when it was made (the form then closes). */
  async function create(): Promise<boolean> {
    const ok = await act(async () => {
      const { story } = await moderationApi.createStory({
        title: draft.title,
        ...(draft.url.trim() && { url: draft.url.trim() }),
        ...(draft.externalId.trim() && { externalId: draft.externalId.trim() }),
      });
      stories.value = [story, ...stories.value];
      return t('moderate.stories.created', { title: story.title });
    }, 'new');
    if (ok) {
      Object.assign(draft, { title: '', url: '', externalId: '' });
      refreshModerationStories();
    }
    return ok;
  }

  /** The story (by id) whose edit form is open, and what the form holds. */
  const editing = ref<string | null>(null);
  const edit = reactive({ title: '', url: '', externalId: '' });
  function startEdit(story: Story): void {
    editing.value = story.id;
    problems.value = null;
    Object.assign(edit, {
      title: story.title,
      url: isPlaceholderStoryUrl(story.url) ? '' : story.url,
      externalId: story.externalId ?? '',
    });
  }
  async function saveEdit(story: Story): Promise<void> {
    const changes: UpdateStoryRequest = {
      title: edit.title,
      externalId: edit.externalId.trim() || null,
      ...(edit.url.trim() && { url: edit.url.trim() }),
    };
    if (await update(story, changes, t('moderate.stories.saved', { title: edit.title.trim() }), story.id)) {
      editing.value = null;
      refreshModerationStories();
    }
  }

  /**
   * The story (by id) whose merge choice is open, each story's chosen merge target (by id), and
   * the story whose merge awaits confirmation.
   */
  const merging = ref<string | null>(null);
  const mergeTargets = reactive<Record<string, string>>({});
  const confirming = ref<string | null>(null);
  const titleOf = (storyId: string) => stories.value.find((story) => story.id === storyId)?.title ?? '';
  async function merge(source: Story): Promise<void> {
    const into = mergeTargets[source.id];
    if (!into) return;
    const ok = await act(async () => {
      const { story, moved } = await moderationApi.mergeStory(source.id, into);
      stories.value = stories.value.filter((known) => known.id !== source.id);
      replace(story);
      return t('moderate.stories.merged', { count: moved, source: source.title, target: story.title });
    });
    if (ok) {
      confirming.value = null;
      merging.value = null;
      refreshModerationStories();
    }
  }

  return {
    search,
    stories,
    nextCursor,
    loading,
    loadError,
    status,
    actionError,
    fieldErrors,
    searched,
    load,
    setOpen,
    setPremod,
    draft,
    create,
    editing,
    edit,
    startEdit,
    saveEdit,
    merging,
    mergeTargets,
    confirming,
    titleOf,
    merge,
  };
}
