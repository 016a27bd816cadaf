import type { QueueCounts } from '@parley/shared';
import { createTestingPinia } from '@pinia/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { useModerationStore } from '../stores/moderation.js';
import { useSessionStore } from '../stores/session.js';
import { me } from '../testing/factories.js';
import { FakeSocket } from '../testing/fake-socket.js';
import { useModerationLive } from './useModerationLive.js';

vi.mock('../api/socket.js', () => ({
  getSocket: vi.fn(),
  currentSocketId: () => undefined,
  reconnectSocket: vi.fn(),
}));
vi.mock('../api/moderation.js', () => ({ moderationApi: {} }));

const COUNTS: QueueCounts = { pending: 1, reported: 2, unmoderated: 3, approved: 4, rejected: 5 };
const flush = () => new Promise<void>((done) => setTimeout(done, 0));

function setup() {
  createTestingPinia({
    createSpy: vi.fn,
    initialState: { session: { me: me({ role: 'moderator' }), loaded: true } },
  });
  const moderation = useModerationStore();
  const session = useSessionStore();
  const socket = new FakeSocket();
  socket.joinAnswer = { ok: true, data: COUNTS };
  const scope = effectScope();
  const sut = scope.run(() => useModerationLive({ socket: socket.asSocket() }))!;
  return { sut, socket, scope, moderation, session };
}

describe(useModerationLive.name, () => {
  beforeEach(() => vi.clearAllMocks());

  it('connects, joins the moderation room, takes the counts and catches up', async () => {
    const { sut, socket, moderation } = setup();
    await flush();
    expect(socket.emitted).toContainEqual({ event: 'moderation:join', payload: {} });
    expect(sut.state.value).toBe('live');
    expect(moderation.applyCounts).toHaveBeenCalledWith(COUNTS);
    expect(moderation.refresh).toHaveBeenCalledTimes(1);
  });

  it('hands queue events to the store', async () => {
    const { socket, moderation } = setup();
    await flush();
    socket.fire('queue:removed', { id: 'c1', queue: 'pending' });
    socket.fire('queue:counts', COUNTS);
    expect(moderation.applyRemoved).toHaveBeenCalledWith({ id: 'c1', queue: 'pending' });
    expect(moderation.applyCounts).toHaveBeenLastCalledWith(COUNTS);
  });

  it('rejoins and catches up again after a lost connection', async () => {
    const { sut, socket, moderation } = setup();
    await flush();
    socket.drop();
    expect(sut.state.value).toBe('lost');
    socket.connect();
    await flush();
    expect(sut.state.value).toBe('live');
    expect(socket.emitted.filter((sent) => sent.event === 'moderation:join')).toHaveLength(2);
    expect(moderation.refresh).toHaveBeenCalledTimes(2);
  });

  it('catches the queues up again when the node says live events resumed', async () => {
    const { sut, socket, moderation } = setup();
    await flush();

    socket.fire('live:resumed');
    await flush();

    expect(moderation.refresh).toHaveBeenCalledTimes(2);
    expect(sut.state.value).toBe('live');
  });

  it('says so when the server refuses the room', async () => {
    createTestingPinia({ createSpy: vi.fn });
    const socket = new FakeSocket();
    socket.joinAnswer = {
      ok: false,
      error: { code: 'auth/forbidden', message: 'You are not allowed to do that.' },
    };
    const scope = effectScope();
    const sut = scope.run(() => useModerationLive({ socket: socket.asSocket() }))!;
    await flush();
    expect(sut.state.value).toBe('refused');
    expect(sut.problem.value).toBe('You are not allowed to do that.');
    scope.stop();
  });

  it('stops listening when its scope ends', async () => {
    const { socket, scope } = setup();
    await flush();
    scope.stop();
    expect(socket.listenerCount('queue:added')).toBe(0);
    expect(socket.listenerCount('connect')).toBe(0);
  });
});
