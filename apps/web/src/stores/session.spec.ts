import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { authApi } from '../api/auth.js';
import { me } from '../testing/factories.js';
import { useSessionStore } from './session.js';

vi.mock('../api/auth.js', () => ({ authApi: { me: vi.fn() } }));
vi.mock('../api/socket.js', () => ({ reconnectSocket: vi.fn() }));

describe(useSessionStore.name, () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-12-07T12:00:00Z'));
    setActivePinia(createPinia());
    vi.mocked(authApi.me).mockReset();
  });
  afterEach(() => vi.useRealTimers());

  it('asks again who is signed in when a suspension should have ended, and no sooner', async () => {
    const suspended = me({ status: 'suspended', suspendedUntil: '2026-12-07T12:10:00.000Z' });
    vi.mocked(authApi.me)
      .mockResolvedValueOnce(suspended)
      .mockResolvedValueOnce({ ...suspended, status: 'active', suspendedUntil: null });
    const sut = useSessionStore();
    await sut.load();
    await vi.advanceTimersByTimeAsync(9 * 60_000);
    expect(authApi.me).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(70_000);
    expect(authApi.me).toHaveBeenCalledTimes(2);
    expect(sut.me?.status).toBe('active');
  });

  it('asks again past the longest timer a browser holds, and keeps asking until the date', async () => {
    const suspended = me({ status: 'suspended', suspendedUntil: '2027-02-15T12:00:00.000Z' });
    vi.mocked(authApi.me).mockResolvedValue(suspended);
    const sut = useSessionStore();
    await sut.load();
    await vi.advanceTimersByTimeAsync(2 ** 31);
    expect(authApi.me).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(2 ** 31);
    expect(authApi.me).toHaveBeenCalledTimes(3);
    expect(sut.me?.status).toBe('suspended');
  });

  it('forgets the timer when the account is no longer suspended', async () => {
    vi.mocked(authApi.me).mockResolvedValueOnce(
      me({ status: 'suspended', suspendedUntil: '2026-12-07T12:10:00.000Z' }),
    );
    const sut = useSessionStore();
    await sut.load();
    sut.me = me();
    await vi.advanceTimersByTimeAsync(20 * 60_000);
    expect(authApi.me).toHaveBeenCalledTimes(1);
  });
});
