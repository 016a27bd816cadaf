import type { DsaAppeal, DsaNotice } from '@parley/shared';
import { createTestingPinia } from '@pinia/testing';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dsaApi } from '../../api/dsa.js';
import { me, uuid } from '../../testing/factories.js';
import { FakeSocket } from '../../testing/fake-socket.js';
import { testLocalization } from '../../testing/localization.js';
import ModerationNotices from './ModerationNotices.vue';

const socket = new FakeSocket();
vi.mock('../../api/socket.js', () => ({ getSocket: () => socket.asSocket() }));
vi.mock('../../api/dsa.js', async (original) => ({
  ...(await original<object>()),
  dsaApi: { notices: vi.fn(), appeals: vi.fn(), review: vi.fn(), decide: vi.fn(), decideAppeal: vi.fn() },
}));

function notice(overrides: Partial<DsaNotice> = {}): DsaNotice {
  return {
    id: uuid(),
    commentId: uuid(),
    commentBody: 'The mayor takes bribes.',
    commentStatus: 'published',
    permalink: 'https://news.example/story#c1',
    author: 'eve',
    category: 'defamation',
    explanation: 'It accuses the mayor of a crime by name.',
    notifierName: 'Ana Petrović',
    notifierEmail: 'ana@example.org',
    notifierUsername: null,
    status: 'received',
    receivedAt: '2030-01-02T10:00:00.000Z',
    reviewStartedAt: null,
    reviewedBy: null,
    decision: null,
    appeals: [],
    ...overrides,
  };
}

function appeal(overrides: Partial<DsaAppeal> = {}): DsaAppeal {
  return {
    id: uuid(),
    noticeId: uuid(),
    appellant: 'author',
    reason: 'It is true: he was convicted.',
    status: 'received',
    receivedAt: '2030-01-03T10:00:00.000Z',
    decidedAt: null,
    decidedBy: null,
    outcome: null,
    explanation: null,
    noticeDecidedBy: 'maria',
    ...overrides,
  };
}

async function render(options: { open: DsaNotice[]; appeals?: DsaAppeal[]; locale?: 'de' | 'ar' }) {
  vi.mocked(dsaApi.notices).mockImplementation(async (query = {}) => ({
    items: options.open.filter((item) => item.status === query.status),
    nextCursor: null,
  }));
  vi.mocked(dsaApi.appeals).mockResolvedValue({ items: options.appeals ?? [], nextCursor: null });
  const pinia = createTestingPinia({
    createSpy: vi.fn,
    initialState: { session: { me: me({ username: 'maria', role: 'moderator' }), loaded: true } },
  });
  const plugins = [pinia, ...(options.locale ? [await testLocalization(options.locale)] : [])];
  const sut = mount(ModerationNotices, { global: { plugins } });
  await flushPromises();
  return sut;
}

describe('ModerationNotices', () => {
  afterEach(() => vi.clearAllMocks());

  it('shows a decided notice in words: its action, who decided, and where its appeals stand', async () => {
    const decided = notice({
      status: 'under_review',
      reviewStartedAt: '2030-01-02T11:00:00.000Z',
      reviewedBy: null,
      decision: {
        action: 'removed',
        facts: 'Names the mayor.',
        ground: 'Criminal Code, section 185',
        automated: true,
        redress: 'Appeal within six months.',
        decidedAt: '2030-01-02T12:00:00.000Z',
        decidedBy: 'maria',
      },
      appeals: [appeal({ appellant: 'notifier' }), appeal({ outcome: 'reversed', status: 'decided' })],
      notifierUsername: 'ana',
    });
    const sut = await render({ open: [decided] });

    const card = sut.get('article.notice-card');
    expect(card.attributes('aria-label')).toBe('Notice: Defamation');
    expect(card.get('.notice-decided p').text().replace(/\s+/g, ' ')).toBe(
      'Removed by maria (automated means used)',
    );
    expect(card.findAll('.notice-appeals li').map((item) => item.text())).toEqual([
      'Appeal by the notifier: waiting',
      'Appeal by the author: Decision reversed',
    ]);
    expect(card.text()).toContain('under review since');
    expect(card.text()).toContain('by a former moderator');
    expect(card.text()).toContain('Ana Petrović <ana@example.org> (signed in as @ana)');
    // What people wrote, and the names they chose, take their own direction.
    for (const written of [
      'maria',
      'Names the mayor.',
      'Criminal Code, section 185',
      'eve',
      'Ana Petrović',
      '@ana',
    ])
      expect(
        card.findAll('[dir="auto"]').some((element) => element.text() === written),
        written,
      ).toBe(true);
  });

  it('reads the tab in German: filters, a notice with its clock, the decision form and an appeal to recuse from', async () => {
    const sut = await render({ open: [notice()], appeals: [appeal()], locale: 'de' });

    expect(sut.get('[role="group"]').attributes('aria-label')).toBe('Meldungen anzeigen');
    expect(sut.findAll('.notices-filter button').map((button) => button.text())).toEqual([
      'Offen',
      'Entschieden',
    ]);
    const card = sut.get('article.notice-card');
    expect(card.attributes('aria-label')).toBe('Meldung: Verleumdung');
    expect(card.get('.notice-status').text()).toBe('Eingegangen');
    expect(card.get('.notice-clock').text()).toMatch(/^Eingegangen am \d{2}\.\d{2}\.2030, \d{2}:\d{2}$/);
    expect(card.text()).toContain('Von eve · Status: Veröffentlicht');
    expect(card.get('button.button-quiet').text()).toBe('Zur Prüfung übernehmen');
    expect(card.findAll('fieldset label').map((label) => label.text())).toEqual([
      'Entfernt',
      'Zugang eingeschränkt',
      'Keine Maßnahme',
    ]);
    expect(card.get('textarea[id$="-redress"]').element).toHaveProperty(
      'value',
      expect.stringMatching(/^Sie können innerhalb von sechs Monaten/),
    );
    expect(card.get('button[type="submit"]').text()).toBe('Entscheidung und Begründung senden');

    const appealCard = sut.get('article.appeal-card');
    expect(appealCard.attributes('aria-label')).toBe('Widerspruch des Verfassers');
    expect(appealCard.get('.appeal-head').text()).toContain('Meldung entschieden durch maria');
    expect(appealCard.get('[role="note"]').text()).toBe(
      'Sie haben über diese Meldung entschieden: Über den Widerspruch muss eine andere Moderationskraft entscheiden.',
    );
    expect(sut.text()).toContain('Transparenzbericht');
    expect(sut.text()).not.toMatch(/\bNotice|Appeal|Received|Decided\b/);
  });
});
