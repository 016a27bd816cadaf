import { randomBytes } from 'node:crypto';
import { migrationStatus, type Database } from '@parley/db';
import { Command } from 'commander';
import type { Config } from '../../config/config.js';
import { disqusFormat } from '../../import/disqus-format.js';
import { ImportInputError } from '../../import/import-input-error.js';
import { terminalProgress, type ImportProgress } from '../../import/import-progress.js';
import type { ImportFormat } from '../../import/import-source.js';
import { runImport, type ImportResult } from '../../import/importer.js';
import { runParleyImport } from '../../import/parley-import.js';
import { wordpressFormat } from '../../import/wordpress-format.js';
import { closeRedisClient, connectedWithin, createRedisClient } from '../../redis/redis-client.js';
import { CliError, oneLine } from '../cli-error.js';
import { describeDatabase, embeddedDatabaseExists, loadCliConfig, openDatabase } from '../database.js';

interface ImportCommandOptions {
  dryRun?: boolean;
  skipSpam?: boolean;
}

/** A day: publishing millions of comments takes minutes, and must not be cut short. */
const IMPORT_STATEMENT_TIMEOUT_MS = 24 * 3600 * 1000;

/** Same as the server's thread cache (comments/thread-cache.ts): a version key lives a day after its last write. */
const THREAD_VERSION_TTL_SECONDS = 24 * 3600;

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
      importWith(file, (db, progress) =>
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
      importWith(file, (db, progress) => runParleyImport(db, { path: file, progress })),
    )
    .exitOverride();
}

/** Opens the database, runs the import with progress on stderr, prints its report and refreshes caches. */
async function importWith(
  file: string,
  run: (db: Database['db'], progress: ImportProgress) => Promise<ImportResult>,
): Promise<void> {
  const config = loadCliConfig();
  const name = describeDatabase(config);
  if (!config.databaseUrl && !embeddedDatabaseExists(config)) {
    throw new CliError(`${name}: no database yet: run \`pnpm parley migrate\` (or start Parley once) first`);
  }
  // Publishing a whole file is one statement: far longer than the limit meant for requests.
  const database = await openDatabase(config, { statementTimeoutMs: IMPORT_STATEMENT_TIMEOUT_MS });
  try {
    await refuseOutdatedSchema(database, name);
    const progress = terminalProgress();
    const { report, changedStoryIds } = await run(database.db, progress).catch((error: unknown) => {
      progress.stop();
      if (error instanceof ImportInputError) throw new CliError(`cannot import ${file}: ${error.message}`);
      throw new CliError(`${name}: the import stopped: ${oneLine(error)} (running it again resumes it)`);
    });
    print(`${name}:`);
    for (const line of report.lines()) print(line);
    if (changedStoryIds.length > 0) print(await refreshThreadCaches(config, changedStoryIds));
  } finally {
    await database.close();
  }
}

export async function refuseOutdatedSchema(database: Database, name: string): Promise<void> {
  const { pending } = await migrationStatus(database.db);
  if (pending.length > 0) {
    throw new CliError(
      `${name}: the schema is not up to date (${pending.length} pending): run \`pnpm parley migrate\` first`,
    );
  }
}

/**
 * Running servers cache anonymous first pages under a per-story version: with Redis (the versions
 * every node reads) the import bumps the stories it changed, as a write on a node does. Without
 * Redis each server keeps its versions in memory, out of reach; its pages expire within
 * PARLEY_THREAD_CACHE_TTL_MS (5 s by default).
 */
async function refreshThreadCaches(config: Config, storyIds: readonly string[]): Promise<string> {
  const within = `within PARLEY_THREAD_CACHE_TTL_MS (${config.threadCacheTtlMs} ms)`;
  if (!config.redisUrl)
    return `thread caches: no Redis configured; running servers show the new comments ${within}`;
  const client = createRedisClient(config);
  client.on('error', () => undefined);
  try {
    if (!(await connectedWithin(client, 2000))) {
      return `thread caches: Redis did not answer; running servers show the new comments ${within}`;
    }
    for (let i = 0; i < storyIds.length; i += 500) {
      const multi = client.multi();
      for (const id of storyIds.slice(i, i + 500)) {
        multi.set(`${config.redisPrefix}:thread:${id}`, randomBytes(9).toString('base64url'), {
          expiration: { type: 'EX', value: THREAD_VERSION_TTL_SECONDS },
        });
      }
      await multi.exec();
    }
    return `thread caches: ${storyIds.length} stories refreshed`;
  } catch (error) {
    return `thread caches: Redis failed (${oneLine(error)}); running servers show the new comments ${within}`;
  } finally {
    await closeRedisClient(client);
  }
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}
