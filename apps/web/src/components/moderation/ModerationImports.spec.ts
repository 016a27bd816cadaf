import type { ImportJob } from '@parley/shared';
import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { importsApi } from '../../api/imports.js';
import { importJob, importReport, unnamedControls } from '../../testing/admin.js';
import { testLocalization } from '../../testing/localization.js';
import ModerationImports from './ModerationImports.vue';

vi.mock('../../api/imports.js', () => ({
  importsApi: { list: vi.fn(), get: vi.fn(), upload: vi.fn() },
}));

async function render(jobs: ImportJob[], locale: 'en' | 'de' = 'en') {
  vi.mocked(importsApi.list).mockResolvedValueOnce({
    items: jobs,
    nextCursor: null,
    maxUploadBytes: 200 * 2 ** 20,
  });
  vi.mocked(importsApi.get).mockImplementation(async (id) => jobs.find((job) => job.id === id)!);
  const sut = mount(ModerationImports, {
    global: { plugins: locale === 'en' ? [] : [await testLocalization(locale)] },
  });
  await flushPromises();
  return sut;
}

const done = importJob({
  fileName: 'site.xml',
  fileBytes: 2_048_000,
  status: 'done',
  startedBy: { id: '0d7f4c1e-8a55-4c38-9d3e-7b1c4f2a9e10', username: 'root' },
  report: importReport({
    commentsNew: 1234,
    placeholders: 1,
    skipped: { total: 3, byReason: [{ why: 'its id appears earlier in the file', count: 3 }], named: [] },
    storiesCreated: 2,
    authorsCreated: 5,
    lines: ['disqus import done'],
  }),
});
const running = importJob({
  id: '9b2e7d4a-3c1f-4e8b-a6d2-5f0e1c9b7a31',
  fileName: 'wp.xml',
  format: 'wordpress',
  status: 'running',
  phase: 'reading',
  fileBytes: 1000,
  bytesRead: 400,
  postsRead: 12,
});

describe('ModerationImports', () => {
  beforeEach(() => vi.clearAllMocks());

  it('lists each job with its state, progress and report, and names every control', async () => {
    const sut = await render([running, done]);

    const items = sut.findAll('li.import-job');
    expect(items.map((item) => item.attributes('aria-label'))).toEqual([
      'wp.xml: Importing',
      'site.xml: Done',
    ]);
    expect(items[0]!.get('[role="status"]').text()).toBe(
      'Importing: reading the file, 40% of the file, 12 posts',
    );
    expect(items[1]!.findAll('dd').map((value) => value.text())).toEqual([
      '1,234 created, 0 already imported',
      '1 placeholder, 0 spam (rejected), 0 awaiting review',
      '3 posts, 0 orphans',
      '2 created, 0 matched, 0 skipped',
      '5 created, 0 matched',
    ]);
    expect(items[1]!.text()).toContain('2,000 KB');
    expect(items[1]!.text()).toContain('by @root');
    expect(sut.get('.field-hint').text()).toContain('up to 200 MB');
    expect(unnamedControls(sut.element as HTMLElement)).toEqual([]);
    sut.unmount();
  });

  it('reads in German: the tab, a job’s state and progress, and its report in German numbers', async () => {
    const sut = await render([running, done], 'de');

    expect(sut.get('h2').text()).toBe('Kommentare importieren');
    expect(sut.get('.field-hint').text()).toContain('bis 200 MB');
    const items = sut.findAll('li.import-job');
    expect(items.map((item) => item.attributes('aria-label'))).toEqual([
      'wp.xml: Wird importiert',
      'site.xml: Fertig',
    ]);
    // German writes the percent sign after a (no-break) space.
    expect(items[0]!.get('[role="status"]').text()).toMatch(
      /^Import: Datei wird gelesen, 40\s%\sder Datei, 12 Einträge$/,
    );
    expect(items[1]!.findAll('dt').map((label) => label.text())).toEqual([
      'Kommentare',
      'Von den neuen',
      'Übersprungen',
      'Beiträge',
      'Autoren',
    ]);
    expect(items[1]!.get('dd').text()).toBe('1.234 erstellt, 0 bereits importiert');
    expect(items[1]!.text()).toContain('Warum Einträge übersprungen wurden');
    sut.unmount();
  });
});
