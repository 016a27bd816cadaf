import type { ImportJob } from '@parley/shared';
import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { importsApi } from '../../api/imports.js';
import { formatRefusal, importJob, importReport, unnamedControls } from '../../testing/admin.js';
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
    // Stored before the reason codes: English sentences and lines.
    skipped: { total: 3, byReason: [{ why: 'its id appears earlier in the file', count: 3 }], named: [] },
    storiesCreated: 2,
    authorsCreated: 5,
    lines: ['disqus import done'],
  }),
});
/** A report as the importer writes it now: reasons as codes with their values, and its phases' times. */
const coded = importJob({
  id: '5a1c9e2f-7b3d-4c8a-9e6f-2d4b8a1c3e57',
  fileName: 'new.xml',
  status: 'done',
  report: importReport({
    commentsNew: 10,
    skipped: {
      total: 3,
      byReason: [{ reason: 'deleted_no_replies', count: 3 }],
      named: [{ kind: 'post', id: '104', line: 85, reason: 'deleted_no_replies' }],
    },
    orphans: {
      total: 1,
      byReason: [{ reason: 'parent_missing', count: 1 }],
      named: [{ kind: 'post', id: '7', line: 12, reason: 'parent_missing', params: { parent: '3' } }],
    },
    phases: [
      { phase: 'reading', ms: 1200 },
      { phase: 'publishing', ms: 300 },
    ],
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

  it('words the reasons of a coded report in German, and keeps a stored English one marked English', async () => {
    const sut = await render([coded, done], 'de');
    const [fresh, old] = sut.findAll('li.import-job');

    const reasons = fresh!.findAll('.reasons > li').map((item) => item.text());
    expect(reasons).toContain('gelöscht, ohne Antworten: 3');
    expect(reasons).toContain('Eintrag 104 (Zeile 85): gelöscht, ohne Antworten');
    expect(reasons).toContain(
      'Eintrag 7 (Zeile 12): antwortet auf 3, der nicht in seinem Thread steht: auf oberster Ebene importiert',
    );
    expect(fresh!.find('[lang="en"]').exists()).toBe(false);
    expect(fresh!.get('details summary').text()).toBe('Was ausgelassen wurde und wie lange es dauerte');
    expect(fresh!.get('details').text()).toMatch(/Datei lesen: 1,2\s?Sek/);

    // Stored before the codes: the English reason, marked so, with the count in the page's digits.
    expect(old!.get('.reasons span[lang="en"]').text()).toBe('its id appears earlier in the file');
    expect(old!.get('.reasons > li').text()).toMatch(/^3\s/);
    expect(old!.get('pre[lang="en"]').text()).toBe('disqus import done');
    sut.unmount();
  });

  it('puts a refused format beside the format, and a missing file beside the file field', async () => {
    const sut = await render([]);
    await sut.get('form').trigger('submit');
    await flushPromises();
    const file = sut.get('input[type="file"]');
    expect(file.attributes('aria-invalid')).toBe('true');
    expect(
      file
        .attributes('aria-describedby')!
        .split(' ')
        .map((id) => sut.get(`[id="${id}"]`).text()),
    ).toEqual([
      'An .xml or .jsonl export, or the same gzipped (.gz), up to 200 MB.',
      'Choose the export file first.',
    ]);
    expect(sut.find('[role="alert"]').exists()).toBe(false);

    vi.mocked(importsApi.upload).mockRejectedValueOnce(formatRefusal());
    const input = file.element as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [new File(['<disqus/>'], 'site.xml')] });
    await file.trigger('change');
    await sut.get('form').trigger('submit');
    await flushPromises();

    const group = sut.get('fieldset');
    expect(sut.get(`[id="${group.attributes('aria-describedby')}"]`).text()).toBe(
      'Choose one of: disqus, wordpress, parley.',
    );
    expect(
      sut.findAll('input[type="radio"]').every((radio) => radio.attributes('aria-invalid') === 'true'),
    ).toBe(true);
    expect(file.attributes('aria-invalid')).toBeUndefined();
    expect(sut.find('[role="alert"]').exists()).toBe(false);
    sut.unmount();
  });
});
