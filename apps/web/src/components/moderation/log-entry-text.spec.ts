import type { ModerationLogEntry } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { MODERATION_LOG_ACTIONS } from '@parley/shared/values';
import { testLocalization } from '../../testing/localization.js';
import { changeText, describeAction, factText, matchesLogFilters, shownFacts } from './log-entry-text.js';

const { t } = await testLocalization('en');

const entry = (overrides: Partial<ModerationLogEntry> = {}): ModerationLogEntry => ({
  id: 'e-1',
  actor: 'Maria',
  actorId: 'a-1',
  action: 'reject',
  commentId: 'c-1',
  commentExcerpt: 'Words',
  userId: 'u-1',
  username: 'eve',
  storyId: 's-1',
  storySlug: 'harbour',
  storyTitle: 'Harbour',
  storyUrl: null,
  reason: 'spam',
  changes: [],
  facts: {},
  createdAt: '2030-01-01T00:00:00.000Z',
  ...overrides,
});

describe('log entry text', () => {
  it('says changes and facts in words: yes/no, lists, pre-moderation modes and flags by their labels', () => {
    expect(changeText(t, { field: 'commentsOpen', from: true, to: false })).toBe('Comments open: yes → no');
    expect(changeText(t, { field: 'externalId', from: null, to: 'cms-1' })).toBe('External id: none → cms-1');
    expect(changeText(t, { field: 'premod', from: 'links', to: 'off' })).toBe(
      'Pre-moderation: Comments with links → Off: publish at once',
    );
    expect(factText(t, 'flags', ['banned_word', 'link'])).toBe('Flags: Banned word, Contains link');
    expect(factText(t, 'someNewThing', 3)).toBe('Some new thing: 3');
    expect(shownFacts({ matchedWords: [], body: '', moved: 0, via: null })).toEqual([['moved', 0]]);
  });

  it('reads actions it knows, older ones, and unknown ones by name', () => {
    expect(describeAction(t, 'story_update')).toBe('changed a story');
    expect(describeAction(t, 'article_settings')).toBe('changed story settings');
    expect(describeAction(t, 'dsa_decision')).toBe('decided a notice of illegal content');
    expect(describeAction(t, 'some_future_action')).toBe('some future action');
  });

  it('has words for every action the log records, in German too', async () => {
    const german = await testLocalization('de');
    for (const action of MODERATION_LOG_ACTIONS) {
      expect(describeAction(t, action), action).not.toBe(action.replace(/_/g, ' '));
      expect(describeAction(german.t, action), action).not.toBe(describeAction(t, action));
    }
    expect(changeText(german.t, { field: 'commentsOpen', from: true, to: false })).toBe(
      'Kommentare offen: ja → nein',
    );
    expect(changeText(german.t, { field: 'status', from: 'pending', to: 'approved' })).toBe(
      'Status: Ausstehend → Freigegeben',
    );
  });

  it('matches live entries to filters as the server does: by name (any case) or id', () => {
    expect(matchesLogFilters(entry(), {})).toBe(true);
    expect(
      matchesLogFilters(entry(), { actor: 'maria', user: 'u-1', story: 'harbour', action: 'reject' }),
    ).toBe(true);
    expect(matchesLogFilters(entry(), { story: 's-1' })).toBe(true);
    expect(matchesLogFilters(entry(), { action: 'approve' })).toBe(false);
    expect(matchesLogFilters(entry({ actor: null, actorId: null }), { actor: 'maria' })).toBe(false);
    expect(matchesLogFilters(entry({ storySlug: null, storyId: null }), { story: 'harbour' })).toBe(false);
  });
});
