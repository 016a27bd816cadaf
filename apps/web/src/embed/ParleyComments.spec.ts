import { flushPromises } from '@vue/test-utils';
import { nextTick } from 'vue';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeSocket } from '../testing/fake-socket.js';
import { servedCatalogue } from '../testing/localization.js';

const socket = new FakeSocket();
vi.mock('../api/socket.js', () => ({
  getSocket: () => socket.asSocket(),
  currentSocketId: () => undefined,
  reconnectSocket: vi.fn(),
}));

const STORY = {
  id: 's1',
  slug: 'balkans-bridgehead',
  url: 'https://news.example.org/world/balkans-bridgehead',
  externalId: 'cms-4711',
  title: 'Bridgehead',
  commentsOpen: true,
  premod: false,
  commentCount: 0,
  createdAt: '2030-01-01T00:00:00.000Z',
};
const ME = {
  id: 'u1',
  username: 'reader',
  displayName: 'Reader',
  role: 'reader',
  status: 'active',
  suspendedUntil: null,
  email: null,
  emailVerified: false,
  signIn: 'sso',
};

interface Call {
  method: string;
  path: string;
  body: unknown;
  authorization: string | null;
}

/** A fake API: answers by path, remembers every call with its bearer token. */
function fakeApi(options: { sso?: boolean; resolve?: () => Response } = {}) {
  const calls: Call[] = [];
  let signedIn = false;
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const headers = (init.headers ?? {}) as Record<string, string>;
    calls.push({
      method: init.method ?? 'GET',
      path: url.pathname,
      body: init.body ? JSON.parse(String(init.body)) : undefined,
      authorization: headers.authorization ?? null,
    });
    switch (url.pathname) {
      case '/api/auth/me':
        return json({ user: signedIn ? ME : null });
      case '/api/auth/options':
        return json({ sso: options.sso ?? false });
      case '/api/auth/sso':
        signedIn = true;
        return json({ me: ME, token: 'session-token' });
      case '/api/auth/logout':
        signedIn = false;
        return new Response(null, { status: 204 });
      case '/api/stories/resolve':
        return options.resolve?.() ?? json({ story: STORY });
      default: {
        const catalogue = /^\/locales\/(en)\/(\w+)\.json$/.exec(url.pathname);
        if (catalogue) return json(servedCatalogue(catalogue[1] as 'en', catalogue[2]!));
        if (url.pathname.endsWith('/comments')) return json({ items: [], nextCursor: null });
        return json({ code: 'request/not_found', message: 'Not found.' }, 404);
      }
    }
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls };
}

/** Adds the element as the README's snippet does and waits for `parley:ready`. */
async function mountElement(attributes: Record<string, string> = {}) {
  const element = document.createElement('parley-comments');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  const ready = new Promise<CustomEvent>((resolve) =>
    document.addEventListener('parley:ready', (event) => resolve(event as CustomEvent), { once: true }),
  );
  document.body.append(element);
  const event = await ready;
  await flushPromises();
  return {
    element: element as HTMLElement & { login(token: string): Promise<void>; logout(): Promise<void> },
    event,
  };
}

describe('<parley-comments>', () => {
  beforeAll(async () => {
    await import('./embed.js');
  });
  afterEach(() => {
    document.body.innerHTML = '';
    document.head.querySelectorAll('link').forEach((link) => link.remove());
    localStorage.clear();
    vi.unstubAllGlobals();
  });
  afterAll(() => vi.restoreAllMocks());

  it('resolves the story from the canonical link and the document title by default, then says it is ready', async () => {
    const { calls } = fakeApi();
    document.title = 'Lavrov: West has decided';
    document.head.insertAdjacentHTML('beforeend', '<link rel="canonical" href="https://news.example.org/c">');

    const { element, event } = await mountElement();

    expect(calls.find((call) => call.path === '/api/stories/resolve')?.body).toEqual({
      url: 'https://news.example.org/c',
      title: 'Lavrov: West has decided',
    });
    expect(event.target).toBe(element);
    expect(event.bubbles && event.composed).toBe(true);
    expect((event.detail as { story: { slug: string } }).story.slug).toBe('balkans-bridgehead');
    expect(element.shadowRoot?.querySelector('h2')?.textContent).toBe('0 comments');
  });

  it('sends story-id, story-url and story-title as given', async () => {
    const { calls } = fakeApi();

    await mountElement({ 'story-id': 'cms-4711', 'story-url': STORY.url, 'story-title': '  Bridgehead ' });

    expect(calls.find((call) => call.path === '/api/stories/resolve')?.body).toEqual({
      id: 'cms-4711',
      url: STORY.url,
      title: 'Bridgehead',
    });
  });

  it('login(token) exchanges the host token, keeps the session token under parley:session and sends it as a bearer', async () => {
    const { calls } = fakeApi({ sso: true });
    const { element } = await mountElement({ 'story-url': STORY.url });

    await element.login('host-signed-jwt');
    await flushPromises();

    expect(calls.find((call) => call.path === '/api/auth/sso')?.body).toEqual({ token: 'host-signed-jwt' });
    expect(localStorage.getItem('parley:session')).toBe('session-token');
    expect(element.shadowRoot?.textContent).toContain('Signed in as');

    await element.logout();

    const logout = calls.find((call) => call.path === '/api/auth/logout');
    expect(logout?.authorization).toBe('Bearer session-token');
    expect(localStorage.getItem('parley:session')).toBeNull();
  });

  it('signs in with the sso-token attribute on start', async () => {
    const { calls } = fakeApi({ sso: true });

    await mountElement({ 'story-url': STORY.url, 'sso-token': 'host-signed-jwt' });

    expect(calls.find((call) => call.path === '/api/auth/sso')?.body).toEqual({ token: 'host-signed-jwt' });
    const resolve = calls.find((call) => call.path === '/api/stories/resolve');
    expect(resolve?.authorization).toBe('Bearer session-token');
  });

  it('asks the host to sign the reader in (parley:login-request) when the site uses single sign-on', async () => {
    fakeApi({ sso: true });
    const { element } = await mountElement({ 'story-url': STORY.url });
    const requests: Event[] = [];
    document.addEventListener('parley:login-request', (event) => requests.push(event));

    const button = [...(element.shadowRoot?.querySelectorAll('button') ?? [])].find(
      (candidate) => candidate.textContent?.trim() === 'Sign in',
    );
    button?.click();
    await flushPromises();

    expect(requests).toHaveLength(1);
    expect(element.shadowRoot?.querySelector('input[name="password"]')).toBeNull();
  });

  it('offers one Sign in under single sign-on (no register), and says so when the host page does not answer', async () => {
    fakeApi({ sso: true });
    const { element } = await mountElement({ 'story-url': STORY.url });
    const buttons = () => [...(element.shadowRoot?.querySelectorAll('button') ?? [])];
    const signIn = buttons().filter((button) => /sign in|register/i.test(button.textContent ?? ''));
    expect(signIn.map((button) => button.textContent?.trim())).toEqual(['Sign in']);

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      signIn[0]!.click();
      await nextTick();
      expect(element.shadowRoot?.querySelector('.parley-sso-fallback')).toBeNull();
      vi.advanceTimersByTime(3000);
      await nextTick();
    } finally {
      vi.useRealTimers();
    }

    const fallback = element.shadowRoot?.querySelector('.parley-sso-fallback');
    expect(fallback?.getAttribute('role')).toBe('alert');
    expect(fallback?.textContent).toContain('This site did not open its sign-in.');
  });

  it('waits without a fallback for a host page that acknowledges the request with preventDefault()', async () => {
    fakeApi({ sso: true });
    const { element } = await mountElement({ 'story-url': STORY.url });
    const acknowledge = (event: Event) => event.preventDefault();
    document.addEventListener('parley:login-request', acknowledge);

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      [...(element.shadowRoot?.querySelectorAll('button') ?? [])]
        .find((button) => button.textContent?.trim() === 'Sign in')!
        .click();
      vi.advanceTimersByTime(60_000);
      await nextTick();
    } finally {
      vi.useRealTimers();
      document.removeEventListener('parley:login-request', acknowledge);
    }

    expect(element.shadowRoot?.querySelector('.parley-sso-fallback')).toBeNull();
  });

  it('opens the account in the element, in place of the thread, and back (no password form for an SSO account)', async () => {
    const { calls } = fakeApi({ sso: true });
    const { element } = await mountElement({ 'story-url': STORY.url, 'sso-token': 'host-signed-jwt' });
    const root = element.shadowRoot!;
    const account = [...root.querySelectorAll('button')].find(
      (button) => button.textContent?.trim() === 'Account',
    );
    expect(root.querySelector('a[href$="/account"]')).toBeNull();

    account!.click();
    await flushPromises();

    expect(root.querySelector('#parley-account-title')?.textContent).toBe('Your account');
    expect(root.activeElement).toBe(root.querySelector('#parley-account-title'));
    expect(root.querySelector('#account-profile-heading, .account-card')).not.toBeNull();
    expect(root.textContent).not.toContain('Change password');
    expect(root.querySelector<HTMLElement>('.comment-section, section[aria-labelledby]')).not.toBeNull();
    // The account parts ask the API with the embed's bearer token.
    expect(calls.find((call) => call.path === '/api/me/comments')?.authorization).toBe(
      'Bearer session-token',
    );

    [...root.querySelectorAll('button')]
      .find((button) => button.textContent?.trim() === 'Back to comments')!
      .click();
    await flushPromises();
    expect(root.querySelector('#parley-account-title')).toBeNull();
  });

  it("shows Parley's own sign-in form without single sign-on", async () => {
    fakeApi({ sso: false });

    const { element } = await mountElement({ 'story-url': STORY.url });

    expect(element.shadowRoot?.querySelector('input[name="password"]')).not.toBeNull();
  });

  it('says clearly when the site is not allowed to show comments', async () => {
    fakeApi({
      resolve: () =>
        new Response(JSON.stringify({ code: 'story/origin_not_allowed', message: 'Not allowed.' }), {
          status: 403,
        }),
    });

    const { element } = await mountElement({ 'story-url': 'https://elsewhere.example/a' });

    const alert = element.shadowRoot?.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('https://elsewhere.example is not among the sites');
    expect(element.shadowRoot?.querySelector('h2')).toBeNull();
  });
});
