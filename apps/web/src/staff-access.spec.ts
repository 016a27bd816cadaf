import type { Me } from '@parley/shared';
import { createTestingPinia } from '@pinia/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { authApi } from './api/auth.js';
import { closeStaffScreensWithoutAccess } from './staff-access.js';
import { useSessionStore } from './stores/session.js';
import { me } from './testing/factories.js';

vi.mock('./api/auth.js', () => ({ authApi: { me: vi.fn() } }));
vi.mock('./api/socket.js', () => ({ getSocket: vi.fn(), reconnectSocket: vi.fn() }));

const Blank = defineComponent({ render: () => null });
const flush = () => new Promise<void>((done) => setTimeout(done, 0));

async function setup(signedIn: Me | null, at = '/moderate') {
  createTestingPinia({
    createSpy: vi.fn,
    stubActions: false,
    initialState: { session: { me: signedIn, loaded: true } },
  });
  const session = useSessionStore();
  const sut = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'home', component: Blank },
      { path: '/moderate', name: 'moderate', component: Blank, meta: { staff: true } },
      { path: '/account', name: 'account', component: Blank },
    ],
  });
  closeStaffScreensWithoutAccess(sut, session);
  await sut.push(at);
  return { sut, session };
}

describe(closeStaffScreensWithoutAccess.name, () => {
  beforeEach(() => vi.clearAllMocks());

  it('sends a moderator suspended while on /moderate home, saying why, without a reload', async () => {
    const moderator = me({ role: 'moderator' });
    const { sut, session } = await setup(moderator);
    expect(sut.currentRoute.value.name).toBe('moderate');
    vi.mocked(authApi.me).mockResolvedValue({
      ...moderator,
      status: 'suspended',
      suspendedUntil: '2030-01-02T12:00:00.000Z',
    });

    await session.refresh();
    await flush();

    expect(session.staff).toBe(false);
    expect(sut.currentRoute.value.name).toBe('home');
    expect(session.notice).toEqual({
      key: 'sessionNotice.suspendedUntil',
      values: { until: new Date('2030-01-02T12:00:00.000Z') },
    });
  });

  it('sends a demoted moderator home too', async () => {
    const moderator = me({ role: 'moderator' });
    const { sut, session } = await setup(moderator);
    vi.mocked(authApi.me).mockResolvedValue({ ...moderator, role: 'reader' });

    await session.refresh();
    await flush();

    expect(sut.currentRoute.value.name).toBe('home');
    expect(session.notice).toEqual({ key: 'sessionNotice.demoted' });
  });

  it('keeps a suspended moderator off /moderate when they go back to it', async () => {
    const { sut, session } = await setup(me({ role: 'moderator', status: 'suspended' }), '/account');

    await sut.push('/moderate');

    expect(sut.currentRoute.value.name).toBe('home');
    expect(session.notice).toEqual({ key: 'sessionNotice.suspended' });
  });

  it('leaves a staff member whose standing did not change, and readers and visitors, where they are', async () => {
    const admin = me({ role: 'admin' });
    const { sut, session } = await setup(admin);
    vi.mocked(authApi.me).mockResolvedValue(admin);
    await session.refresh();
    await flush();
    expect(sut.currentRoute.value.name).toBe('moderate');

    // The page itself explains to a reader or a visitor what it needs.
    expect((await setup(me({ role: 'reader' }))).sut.currentRoute.value.name).toBe('moderate');
    expect((await setup(null)).sut.currentRoute.value.name).toBe('moderate');
  });
});
