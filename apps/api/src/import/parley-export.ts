import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { DB, Kysely } from '@parley/db';
import { SILENT_PROGRESS, type ImportProgress } from './import-progress.js';
import {
  PARLEY_FORMAT,
  PARLEY_FORMAT_VERSION,
  type ExportHeader,
  type ExportRecord,
} from './parley-format.js';
import { ParleyRepository } from './parley.repository.js';

export interface ExportOptions {
  path: string;
  /** Emails, password hashes and SSO subjects: left out unless asked for. */
  includeCredentials?: boolean;
  progress?: ImportProgress;
}

/**
 * Writes the whole database in Parley's format: header, then stories, users and comments a keyset
 * page at a time (never all rows in memory), from one snapshot so counts and records agree. Gzip
 * when the path ends in `.gz`.
 */
export async function runExport(db: Kysely<DB>, options: ExportOptions): Promise<ExportHeader> {
  const credentials = options.includeCredentials ?? false;
  const progress = options.progress ?? SILENT_PROGRESS;
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const repository = new ParleyRepository(trx);
      const header: ExportHeader = {
        format: PARLEY_FORMAT,
        version: PARLEY_FORMAT_VERSION,
        exportedAt: new Date().toISOString(),
        counts: await repository.counts(),
        credentials,
      };
      const total = header.counts.stories + header.counts.users + header.counts.comments;
      async function* lines(): AsyncGenerator<string> {
        yield `${JSON.stringify(header)}\n`;
        let written = 0;
        progress.start('exporting', total);
        const kinds: ((after: string | null) => Promise<ExportRecord[]>)[] = [
          (after) => repository.storyPage(after),
          (after) => repository.userPage(after, credentials),
          (after) => repository.commentPage(after),
        ];
        for (const page of kinds) {
          for (let after: string | null = null; ;) {
            const records = await page(after);
            if (records.length === 0) break;
            yield records.map((record) => `${JSON.stringify(record)}\n`).join('');
            written += records.length;
            progress.update(written, written);
            after = records[records.length - 1]!.id;
          }
        }
        progress.stop();
      }
      const file = createWriteStream(options.path);
      const opened = once(file, 'open');
      opened.catch(() => undefined);
      await opened;
      const stages = options.path.endsWith('.gz')
        ? pipeline(Readable.from(lines()), createGzip(), file)
        : pipeline(Readable.from(lines()), file);
      await stages;
      return header;
    });
}
