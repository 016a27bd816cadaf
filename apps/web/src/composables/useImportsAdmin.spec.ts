import { createApp, effectScope } from 'vue';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/http.js';
import { importsApi } from '../api/imports.js';
import { formatRefusal, importJob as job } from '../testing/admin.js';
import { testLocalization } from '../testing/localization.js';
import { useImportsAdmin as useImportsAdminInApp } from './useImportsAdmin.js';

const app = createApp({}).use(await testLocalization('en'));
/** The composable as a component in an English app would use it. */
const useImportsAdmin: typeof useImportsAdminInApp = (...args) =>
  app.runWithContext(() => useImportsAdminInApp(...args));

vi.mock('../api/imports.js', () => ({
  importsApi: { list: vi.fn(), get: vi.fn(), upload: vi.fn() },
}));

function inScope() {
  const scope = effectScope();
  const sut = scope.run(() => useImportsAdmin(1000))!;
  return { sut, scope };
}

describe(useImportsAdminInApp.name, () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('uploads the chosen file with its progress, then reads the job again until it ends', async () => {
    vi.mocked(importsApi.list).mockResolvedValueOnce({
      items: [],
      nextCursor: null,
      maxUploadBytes: 2 ** 20,
    });
    const { sut, scope } = inScope();
    await sut.load();
    expect(sut.maxUploadBytes.value).toBe(2 ** 20);

    let seen: number | null = null;
    vi.mocked(importsApi.upload).mockImplementationOnce((_format, _file, onProgress) => {
      onProgress(500, 1000);
      seen = sut.uploadPercent.value;
      return Promise.resolve(job());
    });
    sut.format.value = 'wordpress';
    sut.file.value = new File(['<rss/>'], 'site.xml');
    const started = await sut.start();
    expect(started?.status).toBe('queued');
    expect(vi.mocked(importsApi.upload).mock.calls[0]![0]).toBe('wordpress');
    // A dropped connection is told in the page's language, from the catalogue.
    expect(vi.mocked(importsApi.upload).mock.calls[0]![3]).toBe(
      'The upload stopped: check your connection and try again.',
    );
    expect(seen).toBe(50);
    expect(sut.uploadPercent.value).toBeNull();
    expect(sut.status.value).toBe('Uploaded site.xml: the import is queued.');
    expect(sut.file.value).toBeNull();

    vi.mocked(importsApi.get)
      .mockResolvedValueOnce(job({ status: 'running', phase: 'importing', postsRead: 10 }))
      .mockResolvedValueOnce(job({ status: 'done' }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(sut.jobs.value[0]!.status).toBe('running');
    await vi.advanceTimersByTimeAsync(1000);
    expect(sut.jobs.value[0]!.status).toBe('done');
    // Ended: no more reads.
    await vi.advanceTimersByTimeAsync(5000);
    expect(importsApi.get).toHaveBeenCalledTimes(2);
    scope.stop();
  });

  it('asks for a file before uploading, and shows the server’s refusal (413 names the limit)', async () => {
    const { sut, scope } = inScope();
    expect(await sut.start()).toBeNull();
    expect(sut.fieldErrors.value).toEqual({ fileName: 'Choose the export file first.' });
    expect(sut.upload.error.value).toBeNull();
    expect(importsApi.upload).not.toHaveBeenCalled();

    vi.mocked(importsApi.upload).mockRejectedValueOnce(
      new ApiError('import/too_large', 'That file is larger than the 200 MB this server accepts.', 413),
    );
    sut.file.value = new File(['x'], 'big.xml');
    expect(await sut.start()).toBeNull();
    expect(sut.upload.error.value).toContain('200 MB');
    expect(sut.fieldErrors.value).toEqual({});
    expect(sut.file.value?.name).toBe('big.xml');
    scope.stop();
  });

  it('puts a refusal that names the format beside the format, not above the form', async () => {
    const { sut, scope } = inScope();
    vi.mocked(importsApi.upload).mockRejectedValueOnce(formatRefusal());
    sut.file.value = new File(['x'], 'site.xml');
    expect(await sut.start()).toBeNull();
    expect(sut.fieldErrors.value).toEqual({ format: 'Choose one of: disqus, wordpress, parley.' });
    expect(sut.upload.error.value).toBeNull();
    scope.stop();
  });

  it('stops reading jobs again once its scope ends', async () => {
    vi.mocked(importsApi.list).mockResolvedValueOnce({
      items: [job({ status: 'running' })],
      nextCursor: null,
      maxUploadBytes: 1,
    });
    const { sut, scope } = inScope();
    await sut.load();
    scope.stop();
    await vi.advanceTimersByTimeAsync(3000);
    expect(importsApi.get).not.toHaveBeenCalled();
  });
});
