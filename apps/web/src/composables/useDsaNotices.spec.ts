import type { DsaAppeal, DsaNotice } from '@parley/shared';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { dsaApi } from '../api/dsa.js';
import { FakeSocket } from '../testing/fake-socket.js';
import { useDsaNotices } from './useDsaNotices.js';

vi.mock('../api/socket.js', () => ({ getSocket: vi.fn() }));
vi.mock('../api/dsa.js', () => ({ dsaApi: { notices: vi.fn(), appeals: vi.fn() } }));

const flush = () => new Promise<void>((done) => setTimeout(done, 0));

function notice(id: string, status: DsaNotice['status'], receivedAt: string): DsaNotice {
  return {
    id,
    commentId: null,
    commentBody: null,
    commentStatus: null,
    permalink: null,
    author: null,
    category: 'defamation',
    explanation: 'Why',
    notifierName: null,
    notifierEmail: null,
    notifierUsername: null,
    status,
    receivedAt,
    reviewStartedAt: null,
    reviewedBy: null,
    decision: null,
    appeals: [],
  };
}

const appeal = { id: 'a1', noticeId: 'n1', status: 'received' } as DsaAppeal;

function setup() {
  const socket = new FakeSocket();
  const scope = effectScope();
  const sut = scope.run(() => useDsaNotices({ socket: socket.asSocket() }))!;
  return { sut, socket, scope };
}

describe(useDsaNotices.name, () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(dsaApi.notices).mockImplementation((query = {}) =>
      Promise.resolve({
        items:
          query.status === 'received'
            ? [notice('new', 'received', '2026-12-07T10:00:00.000Z')]
            : query.status === 'under_review'
              ? [notice('old', 'under_review', '2026-12-07T09:00:00.000Z')]
              : [notice('done', 'decided', '2026-12-06T09:00:00.000Z')],
        nextCursor: null,
      }),
    );
    vi.mocked(dsaApi.appeals).mockResolvedValue({ items: [appeal], nextCursor: null });
  });

  it('lists open notices oldest first with the appeals waiting, and reads again on dsa:changed', async () => {
    const { sut, socket, scope } = setup();
    await flush();
    expect(sut.notices.value.map((item) => item.id)).toEqual(['old', 'new']);
    expect(sut.appeals.value).toEqual([appeal]);

    vi.mocked(dsaApi.appeals).mockResolvedValue({ items: [], nextCursor: null });
    socket.fire('dsa:changed', { noticeId: 'n1', appealId: 'a1', status: 'decided' });
    await flush();
    expect(sut.appeals.value).toEqual([]);
    scope.stop();
    expect(socket.listenerCount('dsa:changed')).toBe(0);
  });

  it('drops a notice this moderator decided from the open list, and shows decided ones on their own', async () => {
    const { sut, scope } = setup();
    await flush();
    sut.show({ ...notice('old', 'decided', '2026-12-07T09:00:00.000Z') });
    expect(sut.notices.value.map((item) => item.id)).toEqual(['new']);

    sut.filter.value = 'decided';
    await flush();
    expect(vi.mocked(dsaApi.notices)).toHaveBeenLastCalledWith({ status: 'decided' });
    expect(sut.notices.value.map((item) => item.id)).toEqual(['done']);
    scope.stop();
  });
});
