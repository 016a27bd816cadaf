import type { CommentChanges } from '@parley/shared';
import { createTestingPinia } from '@pinia/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, ref } from 'vue';
import { commentsApi } from '../api/comments.js';
import { useSessionStore } from '../stores/session.js';
import { useThreadStore } from '../stores/thread.js';
import { comment, me } from '../testing/factories.js';
import { FakeSocket } from '../testing/fake-socket.js';
import { useLiveComments } from './useLiveComments.js';

vi.mock('../api/comments.js', () => ({ commentsApi: { changes: vi.fn() } }));
vi.mock('../api/socket.js', () => ({
  getSocket: vi.fn(),
  currentSocketId: () => undefined,
  reconnectSocket: vi.fn(),
}));

const api = vi.mocked(commentsApi);
const SLUG = 'an-article';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

const flush = () => new Promise<void>((done) => setTimeout(done, 0));

function setup() {
  createTestingPinia({ createSpy: vi.fn, initialState: { session: { me: me(), loaded: true } } });
  const thread = useThreadStore();
  vi.mocked(thread.catchUpFrom).mockReturnValue('2030-01-01T11:59:55.000Z');
  Object.assign(thread, { slug: SLUG });
  const socket = new FakeSocket();
  const slug = ref<string | null>(null);
  const scope = effectScope();
  const sut = scope.run(() => useLiveComments(slug, { socket: socket.asSocket() }))!;
  return { sut, socket, slug, scope, thread };
}

const NO_CHANGES: CommentChanges = {
  changed: [],
  removedIds: [],
  serverTime: '2030-01-01T12:00:00.000Z',
  truncated: false,
};

describe(useLiveComments.name, () => {
  beforeEach(() => vi.clearAllMocks());
  afterEach(() => vi.useRealTimers());

  it('connects once the thread is loaded, joins the room and catches up', async () => {
    const { sut, socket, slug, thread } = setup();
    api.changes.mockResolvedValue(NO_CHANGES);
    expect(socket.connected).toBe(false);

    slug.value = SLUG;
    await flush();

    expect(socket.emitted).toContainEqual({ event: 'story:join', payload: { slug: SLUG } });
    expect(api.changes).toHaveBeenCalledWith(SLUG, '2030-01-01T11:59:55.000Z');
    expect(thread.applyChanges).toHaveBeenCalledWith(NO_CHANGES);
    expect(sut.state.value).toBe('live');
    expect(sut.readers.value).toBe(3);
  });

  it('reloads the thread instead of merging when the catch-up was truncated', async () => {
    const { slug, thread } = setup();
    api.changes.mockResolvedValue({ ...NO_CHANGES, truncated: true });

    slug.value = SLUG;
    await flush();

    expect(thread.loadStory).toHaveBeenCalledWith(SLUG, { sort: thread.sort });
    expect(thread.applyChanges).not.toHaveBeenCalled();
  });

  it('applies live events to the thread store', async () => {
    const { socket, slug, thread } = setup();
    api.changes.mockResolvedValue(NO_CHANGES);
    slug.value = SLUG;
    await flush();
    const fresh = comment();

    socket.fire('comment:created', fresh);
    socket.fire('comment:updated', fresh);
    socket.fire('comment:removed', { id: fresh.id });
    socket.fire('reactions:updated', { id: fresh.id, counts: { like: 2 } });

    expect(thread.applyCreated).toHaveBeenCalledWith(fresh);
    expect(thread.applyUpdated).toHaveBeenCalledWith(fresh);
    expect(thread.applyRemoved).toHaveBeenCalledWith(fresh.id);
    expect(thread.applyReactions).toHaveBeenCalledWith({ id: fresh.id, counts: { like: 2 } });
  });

  it('after a drop, shows the loss, catches up BEFORE applying events again, then says it is back', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { sut, socket, slug, thread } = setup();
    api.changes.mockResolvedValueOnce(NO_CHANGES);
    slug.value = SLUG;
    await vi.waitFor(() => expect(sut.state.value).toBe('live'));

    socket.drop();
    expect(sut.state.value).toBe('lost');

    const catchUp = deferred<CommentChanges>();
    api.changes.mockReturnValueOnce(catchUp.promise);
    socket.connect();
    await vi.waitFor(() => expect(api.changes).toHaveBeenCalledTimes(2));
    const duringCatchUp = comment();
    socket.fire('comment:created', duringCatchUp);
    expect(sut.state.value).toBe('syncing');
    expect(thread.applyCreated).not.toHaveBeenCalled();

    catchUp.resolve(NO_CHANGES);
    await vi.waitFor(() => expect(sut.state.value).toBe('restored'));
    expect(vi.mocked(thread.applyChanges).mock.invocationCallOrder.at(-1)!).toBeLessThan(
      vi.mocked(thread.applyCreated).mock.invocationCallOrder[0]!,
    );
    expect(socket.emitted.filter((entry) => entry.event === 'story:join')).toHaveLength(2);

    vi.advanceTimersByTime(6_000);
    expect(sut.state.value).toBe('live');
  });

  it('catches up with /changes when the node says live events resumed, holding events meanwhile', async () => {
    const { sut, socket, slug, thread } = setup();
    api.changes.mockResolvedValueOnce(NO_CHANGES);
    slug.value = SLUG;
    await vi.waitFor(() => expect(sut.state.value).toBe('live'));
    const missed = { ...NO_CHANGES, changed: [comment()] };
    const catchUp = deferred<CommentChanges>();
    api.changes.mockReturnValueOnce(catchUp.promise);

    socket.fire('live:resumed');
    await vi.waitFor(() => expect(api.changes).toHaveBeenCalledTimes(2));
    socket.fire('comment:created', comment());
    expect(thread.applyCreated).not.toHaveBeenCalled();
    catchUp.resolve(missed);

    await vi.waitFor(() => expect(thread.applyChanges).toHaveBeenLastCalledWith(missed));
    await vi.waitFor(() => expect(thread.applyCreated).toHaveBeenCalledTimes(1));
    // The connection never dropped: nothing to announce.
    expect(sut.state.value).toBe('live');
  });

  it('keeps holding events and retries when the catch-up fails', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { sut, socket, slug, thread } = setup();
    api.changes.mockRejectedValueOnce(new Error('offline')).mockResolvedValueOnce(NO_CHANGES);
    slug.value = SLUG;
    await vi.waitFor(() => expect(sut.state.value).toBe('lost'));
    socket.fire('comment:created', comment());
    expect(thread.applyCreated).not.toHaveBeenCalled();

    vi.advanceTimersByTime(3_000);

    await vi.waitFor(() => expect(sut.state.value).toBe('restored'));
    expect(thread.applyCreated).toHaveBeenCalledTimes(1);
  });

  it('does not call our own reconnect after sign-in a lost connection', async () => {
    const { sut, socket, slug } = setup();
    api.changes.mockResolvedValue(NO_CHANGES);
    slug.value = SLUG;
    await flush();

    socket.drop('io client disconnect');

    expect(sut.state.value).toBe('live');
  });

  it('comes back by itself when the server closed the socket at the end of a session', async () => {
    const { sut, socket, slug } = setup();
    api.changes.mockResolvedValue(NO_CHANGES);
    slug.value = SLUG;
    await flush();

    socket.drop('io server disconnect');
    await flush();

    expect(socket.connected).toBe(true);
    expect(socket.emitted.filter((entry) => entry.event === 'story:join')).toHaveLength(2);
    expect(sut.state.value).toBe('live');
  });

  it('hands session:ended to the session store', () => {
    const { socket } = setup();
    const session = useSessionStore();

    socket.fire('session:ended', { reason: 'banned' });

    expect(session.ended).toHaveBeenCalledWith('banned');
  });

  it('leaves the room and stops listening when disposed', async () => {
    const { socket, slug, scope } = setup();
    api.changes.mockResolvedValue(NO_CHANGES);
    slug.value = SLUG;
    await flush();

    scope.stop();

    expect(socket.emitted).toContainEqual({ event: 'story:leave', payload: { slug: SLUG } });
    expect(socket.listenerCount('comment:created')).toBe(0);
    expect(socket.listenerCount('connect')).toBe(0);
  });
});
