import type { Database } from '@parley/db';
import { Command } from 'commander';
import { disqusFormat } from '../../import/disqus-format.js';
import { ImportInputError } from '../../import/import-input-error.js';
import { ImportLockedError, withImportLock } from '../../import/import-lock.js';
import { terminalProgress, type ImportProgress } from '../../import/import-progress.js';
import type { ImportFormat } from '../../import/import-source.js';
import { runImport, type ImportResult } from '../../import/importer.js';
import { runParleyImport } from '../../import/parley-import.js';
import { wordpressFormat } from '../../import/wordpress-format.js';
import { CliError, oneLine } from '../cli-error.js';
import { describeDatabase, loadCliConfig, openMigratedDatabase } from '../database.js';
import { refreshThreadCaches } from '../thread-caches.js';

interface ImportCommandOptions {
  dryRun?: boolean;
  skipSpam?: boolean;
}

/** A day: publishing millions of comments takes minutes, and must not be cut short. */
const IMPORT_STATEMENT_TIMEOUT_MS = 24 * 3600 * 1000;

/** `parley import disqus|wordpress|parley <file>`: comments from another system, as often as needed (nothing is imported twice). */
export function importCommand(): Command {
  const command = new Command('import').description(
    'bring comments in from another system (see README, "Moving in")',
  );
  command.addCommand(
    formatCommand(disqusFormat, 'a Disqus export (.xml or .xml.gz)')
      .option('--skip-spam', 'leave posts Disqus marked as spam out (by default they come in as rejected)')
      .exitOverride(),
  );
  command.addCommand(
    formatCommand(wordpressFormat, 'a WordPress export, WXR 1.0–1.2 (.xml or .xml.gz)').exitOverride(),
  );
  command.addCommand(parleyCommand());
  return command;
}

function formatCommand(format: ImportFormat, what: string): Command {
  return new Command(format.source)
    .description(`import ${what}`)
    .argument('<file>', 'the export file; gzip is recognised by its content')
    .option('--dry-run', 'read everything and print the report, writing nothing')
    .action(async (file: string, options: ImportCommandOptions) =>
      importWith(file, format.source, (db, progress) =>
        runImport(db, {
          format,
          path: file,
          dryRun: options.dryRun ?? false,
          skipSpam: options.skipSpam ?? false,
          progress,
        }),
      ),
    );
}

/** `parley import parley <file>`: a Parley export (see `parley export`), ids and all. */
function parleyCommand(): Command {
  return new Command('parley')
    .description('import a Parley export (.jsonl or .jsonl.gz, from `parley export`)')
    .argument('<file>', 'the export file; gzip is recognised by its content')
    .action(async (file: string) =>
      importWith(file, 'parley', (db, progress) => runParleyImport(db, { path: file, progress })),
    )
    .exitOverride();
}

/**
 * Opens the database, runs the import under its source's lock with progress on stderr, prints its
 * report and refreshes caches.
 */
async function importWith(
  file: string,
  source: string,
  run: (db: Database['db'], progress: ImportProgress) => Promise<ImportResult>,
): Promise<void> {
  const config = loadCliConfig();
  const name = describeDatabase(config);
  // Publishing a whole file is one statement: far longer than the limit meant for requests.
  // One more connection than usual: the import lock keeps one for the whole run.
  const database = await openMigratedDatabase(config, {
    statementTimeoutMs: IMPORT_STATEMENT_TIMEOUT_MS,
    poolSize: 3,
  });
  try {
    const progress = terminalProgress();
    const { report, changedStoryIds } = await withImportLock(database, source, () =>
      run(database.db, progress),
    ).catch((error: unknown) => {
      progress.stop();
      if (error instanceof ImportLockedError) throw new CliError(`${name}: ${error.message}`);
      if (error instanceof ImportInputError) throw new CliError(`cannot import ${file}: ${error.message}`);
      throw new CliError(`${name}: the import stopped: ${oneLine(error)} (running it again resumes it)`);
    });
    print(`${name}:`);
    for (const line of report.lines()) print(line);
    if (changedStoryIds.length > 0)
      print(await refreshThreadCaches(config, changedStoryIds, 'the new comments'));
  } finally {
    await database.close();
  }
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}
