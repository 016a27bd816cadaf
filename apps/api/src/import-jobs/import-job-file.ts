import { randomUUID } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportJobsRepository } from './import-jobs.repository.js';

/** Chunks read per query while the file is rebuilt (each up to a megabyte). */
const CHUNKS_PER_READ = 8;

/**
 * Writes the job's uploaded chunks, in order, to a file of this node's temporary directory: the
 * importer reads a file twice, and any node may be the one running the job. The caller removes it.
 */
export async function writeUploadToFile(jobs: ImportJobsRepository, jobId: string): Promise<string> {
  const path = join(tmpdir(), `parley-import-${jobId}-${randomUUID()}`);
  const file = await open(path, 'w');
  try {
    let next = 0;
    for (;;) {
      const chunks = await jobs.chunks(jobId, next, CHUNKS_PER_READ);
      for (const chunk of chunks) {
        if (chunk.seq !== next)
          throw new Error(`the upload is missing its part ${next}: upload the file again`);
        await file.write(chunk.data);
        next++;
      }
      if (chunks.length < CHUNKS_PER_READ) break;
    }
    if (next === 0) throw new Error('the uploaded file is gone (was the job already run?): upload it again');
  } catch (error) {
    await file.close();
    await rm(path, { force: true });
    throw error;
  }
  await file.close();
  return path;
}
