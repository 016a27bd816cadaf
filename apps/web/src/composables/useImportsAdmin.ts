import type { ImportFormatName, ImportJob } from '@parley/shared';
import { onScopeDispose, ref } from 'vue';
import { formErrors } from '../api/field-errors.js';
import { importsApi } from '../api/imports.js';
import { useLocalization } from '../i18n/localization.js';
import { useAsyncAction } from './useAsyncAction.js';

/** How often an unfinished job is read again. */
export const IMPORT_POLL_MS = 1000;

const ended = (job: ImportJob) => job.status === 'done' || job.status === 'failed';

/** The upload form's fields a refusal can name: the format, and the file (by its name). */
const UPLOAD_FIELDS = ['format', 'fileName'] as const;
export type ImportUploadField = (typeof UPLOAD_FIELDS)[number];

/**
 * The Import tab's state (admins): the chosen format and file, the upload's progress, and the
 * recent jobs, each one still running read again every IMPORT_POLL_MS until it ends. `status`
 * is read out after an upload, in the page's language; `upload.error` says why one failed, unless
 * the reasons go beside the form's fields (`fieldErrors`). Nothing here touches the DOM.
 */
export function useImportsAdmin(pollMs = IMPORT_POLL_MS) {
  const { t } = useLocalization();
  const loading = useAsyncAction();
  const upload = useAsyncAction();
  const format = ref<ImportFormatName>('disqus');
  const file = ref<File | null>(null);
  /** 0–100 while a file is going up; null otherwise. */
  const uploadPercent = ref<number | null>(null);
  const status = ref<string | null>(null);
  /** Each field's message from the last refused upload (or the form's own check), shown below it. */
  const fieldErrors = ref<Partial<Record<ImportUploadField, string>>>({});
  const jobs = ref<ImportJob[]>([]);
  const loaded = ref(false);
  /** The server's upload limit, once the list has said it. */
  const maxUploadBytes = ref<number | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  async function load(): Promise<void> {
    const result = await loading.run(() => importsApi.list({ limit: 10 }));
    if (result.status !== 'done') return;
    jobs.value = result.value.items;
    maxUploadBytes.value = result.value.maxUploadBytes;
    loaded.value = true;
    schedule();
  }

  async function start(): Promise<ImportJob | null> {
    const chosen = file.value;
    status.value = null;
    fieldErrors.value = {};
    if (!chosen) {
      upload.error.value = null;
      fieldErrors.value = { fileName: t('moderate.imports.chooseFile') };
      return null;
    }
    uploadPercent.value = 0;
    const result = await upload.run(() =>
      importsApi.upload(
        format.value,
        chosen,
        (sent, total) => {
          uploadPercent.value = total > 0 ? Math.floor((sent / total) * 100) : 0;
        },
        t('moderate.imports.uploadStopped'),
      ),
    );
    uploadPercent.value = null;
    if (result.status === 'failed') {
      const { fields } = formErrors(result.error, UPLOAD_FIELDS);
      if (Object.keys(fields).length > 0) {
        fieldErrors.value = fields;
        upload.error.value = null;
      }
    }
    if (result.status !== 'done') return null;
    jobs.value = [result.value, ...jobs.value.filter((job) => job.id !== result.value.id)];
    status.value = t('moderate.imports.started', { name: chosen.name });
    file.value = null;
    schedule();
    return result.value;
  }

  /** Reads every unfinished job again; keeps going while one is unfinished. */
  async function refresh(): Promise<void> {
    const open = jobs.value.filter((job) => !ended(job));
    const fresh = await Promise.all(open.map((job) => importsApi.get(job.id).catch(() => job)));
    const byId = new Map(fresh.map((job) => [job.id, job]));
    jobs.value = jobs.value.map((job) => byId.get(job.id) ?? job);
    schedule();
  }

  function schedule(): void {
    clearTimeout(timer);
    if (disposed || jobs.value.every(ended)) return;
    timer = setTimeout(() => void refresh(), pollMs);
  }

  onScopeDispose(() => {
    disposed = true;
    clearTimeout(timer);
  });

  return {
    loading,
    upload,
    format,
    file,
    uploadPercent,
    status,
    fieldErrors,
    jobs,
    loaded,
    maxUploadBytes,
    load,
    start,
    refresh,
  };
}

export type ImportsAdmin = ReturnType<typeof useImportsAdmin>;
