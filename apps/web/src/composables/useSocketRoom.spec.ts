import { createTestingPinia } from '@pinia/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { useSessionStore } from '../stores/session.js';
import { FakeSocket } from '../testing/fake-socket.js';
import { useSocketRoom, type SocketRoomOptions } from './useSocketRoom.js';

vi.mock('../api/socket.js', () => ({
  getSocket: vi.fn(),
  currentSocketId: () => undefined,
  reconnectSocket: vi.fn(),
}));

function setup(overrides: Partial<SocketRoomOptions> = {}) {
  createTestingPinia({ createSpy: vi.fn });
  const socket = new FakeSocket();
  const options = {
    join: vi.fn<SocketRoomOptions['join']>().mockResolvedValue(undefined),
    handlers: {},
    onJoinFailed: vi.fn(),
    onDisconnect: vi.fn(),
    onConnectError: vi.fn(),
    ...overrides,
    socket: socket.asSocket(),
  };
  const scope = effectScope();
  const sut = scope.run(() => useSocketRoom(options))!;
  return { sut, socket, scope, options, session: useSessionStore() };
}

describe(useSocketRoom.name, () => {
  beforeEach(() => vi.clearAllMocks());
  afterEach(() => vi.useRealTimers());

  it('connects when entered and joins on every connect', () => {
    const { sut, socket, options } = setup();

    sut.enter();
    expect(socket.connected).toBe(true);
    expect(options.join).toHaveBeenCalledTimes(1);

    socket.drop();
    socket.connect();
    expect(options.join).toHaveBeenCalledTimes(2);
    expect(options.onDisconnect).toHaveBeenCalledWith('network');
  });

  it('joins at once when entered while already connected', () => {
    const { sut, socket, options } = setup();
    socket.connected = true;

    sut.enter();

    expect(options.join).toHaveBeenCalledTimes(1);
  });

  it('tells a join that a disconnect overtook it', () => {
    let finish!: () => void;
    let current!: () => boolean;
    const { socket } = setup({
      join: (isCurrent) => {
        current = isCurrent;
        return new Promise<void>((resolve) => (finish = resolve));
      },
    });

    socket.connect();
    expect(current()).toBe(true);
    socket.drop();
    finish();

    expect(current()).toBe(false);
  });

  it('retries a failed join after a pause, and stops retrying once disposed', async () => {
    vi.useFakeTimers();
    const failure = new Error('timeout');
    const join = vi
      .fn<SocketRoomOptions['join']>()
      .mockRejectedValueOnce(failure)
      .mockRejectedValueOnce(failure);
    const { socket, options, scope } = setup({ join, retryMs: 1_000 });

    socket.connect();
    await vi.advanceTimersByTimeAsync(0);
    expect(options.onJoinFailed).toHaveBeenCalledWith(failure);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(join).toHaveBeenCalledTimes(2);
    expect(options.onJoinFailed).toHaveBeenCalledTimes(2);

    scope.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(join).toHaveBeenCalledTimes(2);
  });

  it('reconnects after the server closed the socket, but not after our own disconnect', () => {
    const { socket, options } = setup();
    socket.connect();

    socket.drop('io client disconnect');
    expect(options.onDisconnect).toHaveBeenLastCalledWith('ours');
    expect(socket.connected).toBe(false);

    socket.connect();
    socket.drop('io server disconnect');
    expect(options.onDisconnect).toHaveBeenLastCalledWith('server');
    expect(socket.connected).toBe(true);
  });

  it('hands room events to their handlers and session:ended to the session store', () => {
    const added = vi.fn();
    const { socket, session, options } = setup({ handlers: { 'queue:added': added } });

    socket.fire('queue:added', { queue: 'pending' });
    socket.fire('session:ended', { reason: 'banned' });
    socket.fire('connect_error', new Error('refused'));

    expect(added).toHaveBeenCalledWith({ queue: 'pending' });
    expect(session.ended).toHaveBeenCalledWith('banned');
    expect(options.onConnectError).toHaveBeenCalled();
  });

  it('has the session store reload who is signed in when the account changed (suspended, new role)', () => {
    const { socket, session } = setup();

    socket.fire('account:changed');

    expect(session.refresh).toHaveBeenCalledTimes(1);
  });

  it('stops listening when its scope ends', () => {
    const { socket, scope } = setup({ handlers: { 'queue:added': vi.fn() } });

    scope.stop();

    for (const event of ['connect', 'disconnect', 'connect_error', 'queue:added', 'session:ended']) {
      expect(socket.listenerCount(event)).toBe(0);
    }
  });
});
