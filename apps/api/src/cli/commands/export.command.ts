import { Command } from 'commander';
import { terminalProgress } from '../../import/import-progress.js';
import { runExport } from '../../import/parley-export.js';
import { CliError, oneLine } from '../cli-error.js';
import {
  describeDatabase,
  embeddedDatabaseExists,
  loadCliConfig,
  openMigratedDatabase,
} from '../database.js';

/** An export reads every row in one snapshot: longer than a request may take. */
const EXPORT_STATEMENT_TIMEOUT_MS = 24 * 3600 * 1000;

/** `parley export <file> [--include-credentials]`: the whole site in Parley's own format. */
export function exportCommand(): Command {
  return new Command('export')
    .description(
      'write stories, users and comments in Parley\'s format, JSON Lines (see README, "Moving in"); ' +
        'read it back with `parley import parley`',
    )
    .argument('<file>', 'where to write: .jsonl, or .jsonl.gz for gzip')
    .option(
      '--include-credentials',
      'also write emails, password hashes and SSO subjects (left out by default: the file then signs nobody in and names no address)',
    )
    .action(async (file: string, options: { includeCredentials?: boolean }) => {
      const config = loadCliConfig();
      const name = describeDatabase(config);
      if (!config.databaseUrl && !embeddedDatabaseExists(config)) {
        throw new CliError(`${name}: no database yet: nothing to export`);
      }
      const database = await openMigratedDatabase(config, {
        statementTimeoutMs: EXPORT_STATEMENT_TIMEOUT_MS,
      });
      try {
        const progress = terminalProgress();
        const header = await runExport(database.db, {
          path: file,
          includeCredentials: options.includeCredentials ?? false,
          progress,
        }).catch((error: unknown) => {
          progress.stop();
          throw new CliError(`${name}: cannot export to ${file}: ${oneLine(error)}`);
        });
        const { stories, users, comments } = header.counts;
        process.stdout.write(
          `${name}: exported ${stories} stories, ${users} users, ${comments} comments to ${file}` +
            `${header.credentials ? ' (with emails and credentials: keep the file safe)' : ' (without emails or credentials)'}\n`,
        );
      } finally {
        await database.close();
      }
    });
}
