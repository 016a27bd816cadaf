import type { ModeratorNote, PersonComment, PersonProfile } from '@parley/shared';
import { flushPromises, mount, RouterLinkStub } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { moderationApi } from '../../api/moderation.js';
import { closePerson, openPerson } from '../../composables/usePersonDrawer.js';
import { uuid } from '../../testing/factories.js';
import { FakeSocket } from '../../testing/fake-socket.js';
import { testLocalization } from '../../testing/localization.js';
import PersonDrawer from './PersonDrawer.vue';

const socket = new FakeSocket();
vi.mock('../../api/socket.js', () => ({ getSocket: () => socket.asSocket() }));
vi.mock('../../api/moderation.js', async (original) => ({
  ...(await original<object>()),
  moderationApi: { person: vi.fn(), personComments: vi.fn(), notes: vi.fn(), addNote: vi.fn() },
}));

const PERSON_ID = uuid();

function profile(overrides: Partial<PersonProfile> = {}): PersonProfile {
  return {
    id: PERSON_ID,
    username: 'eve',
    displayName: 'Eve',
    role: 'reader',
    status: 'active',
    suspendedUntil: null,
    banReason: null,
    alwaysPremod: false,
    createdAt: '2030-01-01T12:00:00.000Z',
    deleted: false,
    signIn: 'password',
    hasEmail: true,
    emailConfirmed: true,
    email: null,
    comments: { published: 3, pending: 1, approved: 0, rejected: 2, deleted: 0 },
    reports: { made: 1, madeOpen: 0, received: 4, receivedOpen: 2 },
    sanctions: [
      {
        id: uuid(),
        action: 'suspend',
        actor: 'maria',
        reason: null,
        hours: 24,
        until: '2030-01-03T12:00:00.000Z',
        createdAt: '2030-01-02T12:00:00.000Z',
      },
    ],
    noteCount: 0,
    ...overrides,
  };
}

function note(body: string, userId = PERSON_ID): ModeratorNote {
  return {
    id: uuid(),
    userId,
    body,
    author: { id: uuid(), username: 'maria', displayName: 'Maria', role: 'moderator' },
    createdAt: '2030-01-02T13:00:00.000Z',
  };
}

function comment(status: PersonComment['status']): PersonComment {
  return {
    id: uuid(),
    parentId: null,
    body: `A ${status} comment`,
    status,
    featured: false,
    openReportCount: 0,
    createdAt: '2030-01-02T10:00:00.000Z',
    editedAt: null,
    story: { id: uuid(), slug: 'budget-vote', title: 'The budget vote' },
  };
}

/** The page around the drawer: a button that opens it, as a queue card's author name does. */
const Page = defineComponent(() => () => [
  h('button', { id: 'opener', onClick: () => openPerson(PERSON_ID) }, 'Eve'),
  h(PersonDrawer),
]);

let mountedPage: { unmount(): void } | null = null;

async function mounted(locale?: 'de') {
  const plugins = locale ? [await testLocalization(locale)] : [];
  const sut = mount(Page, {
    attachTo: document.body,
    global: { plugins, stubs: { RouterLink: RouterLinkStub } },
  });
  mountedPage = sut;
  const opener = sut.get<HTMLButtonElement>('#opener');
  opener.element.focus();
  await opener.trigger('click');
  await flushPromises();
  return sut;
}

describe('PersonDrawer', () => {
  beforeEach(() => {
    vi.mocked(moderationApi.person).mockResolvedValue(profile());
    vi.mocked(moderationApi.personComments).mockResolvedValue({
      items: [comment('rejected')],
      nextCursor: 'c2',
    });
    vi.mocked(moderationApi.notes).mockResolvedValue({ items: [note('Warned once')], nextCursor: null });
  });

  afterEach(() => {
    mountedPage?.unmount();
    mountedPage = null;
    closePerson();
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('opens as a labelled modal dialog with the profile, counts, history, notes and comments, focus inside', async () => {
    const sut = await mounted();

    const dialog = sut.get('dialog');
    expect((dialog.element as HTMLDialogElement).open).toBe(true);
    const title = document.getElementById(dialog.attributes('aria-labelledby')!);
    expect(title?.textContent).toBe('About Eve (@eve)');
    expect(dialog.element.contains(document.activeElement)).toBe(true);
    expect(dialog.text()).toContain('Confirmed');
    expect(dialog.findAll('.counts li').map((item) => item.text())).toContain('2 rejected');
    expect(dialog.text()).toContain('4 received on their comments (2 open)');
    expect(dialog.get('.history').text().replace(/\s+/g, ' ')).toContain('Suspended for 24 h by @maria');
    expect(dialog.get('.notes').text()).toContain('Warned once');
    expect(dialog.get('.comment-results').text()).toContain('The budget vote');
    expect(moderationApi.person).toHaveBeenCalledWith(PERSON_ID);
  });

  it('gives every control a name, and closing returns focus to what opened it', async () => {
    const sut = await mounted();
    const dialog = sut.get('dialog');

    for (const field of dialog.findAll('textarea, select')) {
      const label = dialog.find(`label[for="${field.attributes('id')}"]`);
      expect(label.exists(), field.html()).toBe(true);
      expect(label.text()).not.toBe('');
    }
    for (const button of dialog.findAll('button')) expect(button.text()).not.toBe('');

    await dialog.get('.drawer-head button').trigger('click');
    await flushPromises();

    expect((dialog.element as HTMLDialogElement).open).toBe(false);
    expect(document.activeElement?.id).toBe('opener');
  });

  it('adds a note, and shows a note the room announces once, only for this person', async () => {
    const added = note('Second warning about links');
    vi.mocked(moderationApi.addNote).mockResolvedValueOnce(added);
    const sut = await mounted();

    await sut.get('textarea').setValue('  Second warning about links ');
    await sut.get('.note-form').trigger('submit');
    await flushPromises();
    socket.fire('note:added', { note: added });
    socket.fire('note:added', { note: note('About someone else', uuid()) });
    const fromColleague = note('Called them; they apologised');
    socket.fire('note:added', { note: fromColleague });
    await flushPromises();

    expect(moderationApi.addNote).toHaveBeenCalledWith(PERSON_ID, 'Second warning about links');
    expect(sut.findAll('.note-body').map((body) => body.text())).toEqual([
      'Called them; they apologised',
      'Second warning about links',
      'Warned once',
    ]);
    expect((sut.get('textarea').element as HTMLTextAreaElement).value).toBe('');
  });

  it('reads the profile again when their standing changes, and filters comments by status', async () => {
    const sut = await mounted();
    vi.mocked(moderationApi.person).mockResolvedValueOnce(profile({ status: 'banned', banReason: 'Spam' }));

    socket.fire('person:changed', { userId: uuid(), action: 'ban' });
    socket.fire('person:changed', { userId: PERSON_ID, action: 'ban' });
    await flushPromises();

    expect(moderationApi.person).toHaveBeenCalledTimes(2);
    expect(socket.listenerCount('person:changed')).toBe(1);
    expect(sut.get('dialog').text()).toContain('Banned: Spam');

    vi.mocked(moderationApi.personComments).mockResolvedValueOnce({
      items: [comment('pending')],
      nextCursor: null,
    });
    await sut.get('select').setValue('pending');
    await flushPromises();
    expect(moderationApi.personComments).toHaveBeenLastCalledWith(PERSON_ID, {
      status: 'pending',
      cursor: null,
      limit: 10,
    });
    expect(sut.get('.comment-results').text()).toContain('A pending comment');
  });

  it('reads the drawer in German: its title, standing, counts with their plurals, history, notes and comments', async () => {
    vi.mocked(moderationApi.person).mockResolvedValue(
      profile({
        email: 'eve@example.org',
        comments: { published: 1, pending: 0, approved: 0, rejected: 2, deleted: 0 },
      }),
    );
    const sut = await mounted('de');
    const dialog = sut.get('dialog');

    const title = document.getElementById(dialog.attributes('aria-labelledby')!);
    expect(title?.textContent).toBe('Über Eve (@eve)');
    expect(dialog.get('.drawer-head button').text()).toBe('Schließen');
    expect(dialog.get('.facts').text()).toContain('Ein Parley-Passwort');
    expect(dialog.get('.facts').text()).toContain('eve@example.org (bestätigt)');
    expect(dialog.findAll('.counts li').map((item) => item.text())).toEqual([
      '1 veröffentlicht',
      '0 ausstehend',
      '0 freigegeben',
      '2 abgelehnt',
      '0 gelöscht',
    ]);
    expect(dialog.text()).toContain('4 zu den eigenen Kommentaren erhalten (2 offen)');
    const history = dialog.get('.history li');
    expect(history.get('time').text()).toMatch(/^\d{2}\.\d{2}\.2030, \d{2}:\d{2}$/);
    expect(history.text().replace(/\s+/g, ' ')).toContain('Vorübergehend gesperrt für 24 Std. durch @maria');
    expect(dialog.text()).toContain('Notizen der Moderation');
    expect(dialog.get('.note-form button').text()).toBe('Notiz hinzufügen');
    expect(
      dialog
        .get('.person-comments select')
        .findAll('option')
        .map((option) => option.text()),
    ).toEqual(['Alle', 'Veröffentlicht', 'Ausstehend', 'Freigegeben', 'Abgelehnt', 'Gelöscht']);
    expect(dialog.text()).not.toMatch(/\b(About|Close|Joined|Comments|History|Older)\b/);
  });
});
