import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LOGIN_ANSWER_MS, useSsoLoginRequest } from './sso-login-request.js';

describe(useSsoLoginRequest.name, () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('says the host did not answer when no login() follows an unacknowledged request in time', () => {
    const ask = vi.fn(() => false);
    const sut = useSsoLoginRequest(ask);

    sut.request('Sign in to like comments.');
    vi.advanceTimersByTime(LOGIN_ANSWER_MS - 1);
    expect(sut.unanswered.value).toBe(false);
    vi.advanceTimersByTime(1);

    expect(ask).toHaveBeenCalledWith('Sign in to like comments.');
    expect(sut.unanswered.value).toBe(true);
  });

  it('waits as long as it takes for a host that acknowledged with preventDefault()', () => {
    const sut = useSsoLoginRequest(() => true);

    sut.request('Sign in');
    vi.advanceTimersByTime(LOGIN_ANSWER_MS * 20);

    expect(sut.unanswered.value).toBe(false);
  });

  it('forgets the request when the host signs the reader in, and asks afresh on a retry', () => {
    const sut = useSsoLoginRequest(() => false);
    sut.request('Sign in');
    vi.advanceTimersByTime(LOGIN_ANSWER_MS);
    expect(sut.unanswered.value).toBe(true);

    sut.request('Sign in');
    expect(sut.unanswered.value).toBe(false);
    sut.answered();
    vi.advanceTimersByTime(LOGIN_ANSWER_MS);

    expect(sut.unanswered.value).toBe(false);
  });
});
