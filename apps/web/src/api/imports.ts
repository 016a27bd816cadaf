import type { ApiErrorBody, ImportFormatName, ImportJob } from '@parley/shared';
import { ENDPOINTS } from '@parley/shared/values';
import { call } from './client.js';
import { currentConnection } from './connection.js';
import { ApiError, serverAnsweredMessage } from './http.js';

/** Admins' imports: the upload (with its progress), the jobs, one job. */
export const importsApi = {
  list: (query: { cursor?: string | null; limit?: number } = {}) => call('listImports', { query }),
  get: (id: string) => call('getImport', { params: { id } }),

  /**
   * Sends the file as the request body, as it is (the server streams it to storage). XMLHttpRequest
   * rather than fetch: only it reports how much of the body has gone, for the progress bar.
   * `networkError` is the message when the connection drops, in the page's language (the caller
   * has the catalogue: `moderate.imports.uploadStopped`).
   */
  upload(
    format: ImportFormatName,
    file: File,
    onProgress: (sent: number, total: number) => void,
    networkError: string,
  ): Promise<ImportJob> {
    const { baseUrl, token } = currentConnection();
    const bearer = token();
    const query = new URLSearchParams({ format, fileName: file.name });
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open(ENDPOINTS.startImport.method, `${baseUrl}${ENDPOINTS.startImport.path}?${query}`);
      request.withCredentials = !baseUrl;
      request.setRequestHeader('content-type', 'application/octet-stream');
      request.setRequestHeader('accept', 'application/json');
      if (bearer) request.setRequestHeader('authorization', `Bearer ${bearer}`);
      request.upload.onprogress = (event) =>
        onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
      request.onerror = () => reject(new ApiError('network', networkError, 0));
      request.onload = () => {
        let payload: unknown;
        try {
          payload = JSON.parse(request.responseText);
        } catch {
          payload = undefined;
        }
        if (request.status === 201) return resolve(payload as ImportJob);
        const error = payload as Partial<ApiErrorBody> | undefined;
        reject(
          new ApiError(
            error?.code ?? 'server/internal',
            error?.message ?? serverAnsweredMessage(request.status),
            request.status,
            error?.fields,
          ),
        );
      };
      request.send(file);
    });
  },
};
