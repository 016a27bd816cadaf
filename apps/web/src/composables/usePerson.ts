import type { CommentStatus, ModeratorNote, PersonComment, PersonProfile } from '@parley/shared';
import { onScopeDispose, ref, watch, type Ref } from 'vue';
import { errorMessage } from '../api/http.js';
import { moderationApi } from '../api/moderation.js';
import { getSocket, type ParleySocket } from '../api/socket.js';

const COMMENTS_PAGE = 10;
const NOTES_PAGE = 20;

/**
 * Everything the person drawer shows about one account, kept live: a note another moderator adds
 * appears at once (`note:added`), and a change of standing (`person:changed`) reads the profile
 * again; after a reconnect everything is read again (events may have passed meanwhile).
 */
export function usePerson(userId: Ref<string | null>, options: { socket?: ParleySocket } = {}) {
  const profile = ref<PersonProfile | null>(null);
  const problem = ref<string | null>(null);
  const comments = ref<PersonComment[]>([]);
  const commentsCursor = ref<string | null>(null);
  const commentStatus = ref<CommentStatus | null>(null);
  const commentsLoading = ref(false);
  const notes = ref<ModeratorNote[]>([]);
  const notesCursor = ref<string | null>(null);
  const notesLoading = ref(false);
  const saving = ref(false);
  const noteProblem = ref<string | null>(null);
  // Answers for a person the drawer no longer shows are dropped.
  let generation = 0;
  // A newer filter or page of comments overtakes an older one still on its way.
  let commentsRun = 0;

  async function guarded<T>(
    work: () => Promise<T>,
    apply: (result: T) => void,
    current: () => boolean = () => true,
  ): Promise<void> {
    const run = generation;
    const stillWanted = () => run === generation && current();
    try {
      const result = await work();
      if (stillWanted()) apply(result);
    } catch (caught) {
      if (stillWanted()) problem.value = errorMessage(caught);
    }
  }

  async function loadProfile(): Promise<void> {
    const id = userId.value;
    if (!id) return;
    await guarded(
      () => moderationApi.person(id),
      (answer) => (profile.value = answer),
    );
  }

  async function loadComments(more = false): Promise<void> {
    const id = userId.value;
    if (!id) return;
    commentsLoading.value = true;
    const run = ++commentsRun;
    await guarded(
      () =>
        moderationApi.personComments(id, {
          status: commentStatus.value,
          cursor: more ? commentsCursor.value : null,
          limit: COMMENTS_PAGE,
        }),
      (page) => {
        comments.value = more ? [...comments.value, ...page.items] : page.items;
        commentsCursor.value = page.nextCursor;
      },
      () => run === commentsRun,
    );
    if (run === commentsRun) commentsLoading.value = false;
  }

  async function loadNotes(more = false): Promise<void> {
    const id = userId.value;
    if (!id) return;
    notesLoading.value = true;
    await guarded(
      () => moderationApi.notes(id, { cursor: more ? notesCursor.value : null, limit: NOTES_PAGE }),
      (page) => {
        const known = new Set(notes.value.map((note) => note.id));
        notes.value = more
          ? [...notes.value, ...page.items.filter((note) => !known.has(note.id))]
          : page.items;
        notesCursor.value = page.nextCursor;
      },
    );
    notesLoading.value = false;
  }

  function reset(): void {
    generation++;
    profile.value = null;
    problem.value = null;
    noteProblem.value = null;
    comments.value = [];
    commentsCursor.value = null;
    commentStatus.value = null;
    notes.value = [];
    notesCursor.value = null;
  }

  function loadAll(): Promise<unknown> {
    return Promise.all([loadProfile(), loadComments(), loadNotes()]);
  }

  function setCommentStatus(status: CommentStatus | null): Promise<void> {
    commentStatus.value = status;
    return loadComments();
  }

  /** A note shown once, whether it came back from our POST or from the room first. */
  function showNote(note: ModeratorNote): void {
    if (note.userId !== userId.value || notes.value.some((known) => known.id === note.id)) return;
    notes.value = [note, ...notes.value];
    if (profile.value) profile.value = { ...profile.value, noteCount: profile.value.noteCount + 1 };
  }

  async function addNote(body: string): Promise<boolean> {
    const id = userId.value;
    if (!id || saving.value) return false;
    saving.value = true;
    noteProblem.value = null;
    try {
      showNote(await moderationApi.addNote(id, body));
      return true;
    } catch (caught) {
      noteProblem.value = errorMessage(caught);
      return false;
    } finally {
      saving.value = false;
    }
  }

  const socket = options.socket ?? getSocket();
  const onNoteAdded = ({ note }: { note: ModeratorNote }) => showNote(note);
  const onPersonChanged = ({ userId: changed }: { userId: string }) => {
    if (changed === userId.value) void loadProfile();
  };
  const onReconnect = () => void (userId.value && loadAll());
  socket.on('note:added', onNoteAdded);
  socket.on('person:changed', onPersonChanged);
  socket.on('connect', onReconnect);
  onScopeDispose(() => {
    socket.off('note:added', onNoteAdded);
    socket.off('person:changed', onPersonChanged);
    socket.off('connect', onReconnect);
  });

  watch(
    userId,
    (id) => {
      reset();
      if (id) void loadAll();
    },
    { immediate: true },
  );

  return {
    profile,
    problem,
    comments,
    commentsCursor,
    commentStatus,
    commentsLoading,
    notes,
    notesCursor,
    notesLoading,
    saving,
    noteProblem,
    setCommentStatus,
    moreComments: () => loadComments(true),
    moreNotes: () => loadNotes(true),
    addNote,
  };
}
