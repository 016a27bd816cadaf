import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createDatabase, migrationStatus, pingDatabase, type Database } from '@parley/db';
import { ConfigError, loadConfig, type Config } from '../config/config.js';
import { CliError, oneLine } from './cli-error.js';

/** The server's own configuration (same variables, same checks), so a command reaches the database the server uses. */
export function loadCliConfig(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
}

/** How a command names the database in its output, as the server's start log does; never a password. */
export function describeDatabase(config: Config): string {
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    return `postgres ${url.hostname}:${url.port || 5432}${url.pathname}`;
  }
  return `pglite ${config.dataDir.startsWith('memory://') ? config.dataDir : resolve(config.dataDir)}`;
}

/**
 * Whether the embedded database has been made in PARLEY_DATA_DIR (a Postgres data directory holds
 * PG_VERSION). Opening a missing one would make it: commands that promise to write nothing ask first.
 */
export function embeddedDatabaseExists(config: Config): boolean {
  return existsSync(join(resolve(config.dataDir), 'PG_VERSION'));
}

/**
 * PGlite writes postmaster.pid while it holds a data directory and removes it on close. A second
 * process opening the directory meanwhile (even to read: opening replays and checkpoints) can
 * corrupt it, so commands refuse.
 */
function refuseEmbeddedInUse(config: Config): void {
  if (config.databaseUrl || config.dataDir.startsWith('memory://')) return;
  const pidFile = join(resolve(config.dataDir), 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  throw new CliError(
    `the embedded database in ${resolve(config.dataDir)} is in use: stop Parley first ` +
      `(if none runs, one stopped without closing it: remove ${pidFile})`,
  );
}

/**
 * Opens the database exactly as the server does (packages/db's createDatabase with the server's
 * settings) and checks that it answers; a CliError naming it when it does not. A command whose
 * statements are long by nature (an import publishing a whole file at once) sets its own limit, and
 * one that keeps a connection for a lock asks for one more.
 */
export async function openDatabase(
  config: Config,
  options: { statementTimeoutMs?: number; poolSize?: number } = {},
): Promise<Database> {
  refuseEmbeddedInUse(config);
  let database: Database | undefined;
  try {
    database = await createDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: options.poolSize ?? 2,
      connectTimeoutMs: config.databaseConnectTimeoutMs,
      statementTimeoutMs: options.statementTimeoutMs ?? config.databaseStatementTimeoutMs,
    });
    await pingDatabase(database.db);
    return database;
  } catch (error) {
    await database?.close().catch(() => undefined);
    throw new CliError(`cannot open the database (${describeDatabase(config)}): ${oneLine(error)}`);
  }
}

/**
 * The database of a command that reads and writes Parley's tables: it must exist (a command never
 * makes an embedded one as a side effect) and have every migration applied.
 */
export async function openMigratedDatabase(
  config: Config,
  options: { statementTimeoutMs?: number; poolSize?: number } = {},
): Promise<Database> {
  const name = describeDatabase(config);
  if (!config.databaseUrl && !embeddedDatabaseExists(config)) {
    throw new CliError(`${name}: no database yet: run \`pnpm parley migrate\` (or start Parley once) first`);
  }
  const database = await openDatabase(config, options);
  try {
    const { pending } = await migrationStatus(database.db);
    if (pending.length > 0) {
      throw new CliError(
        `${name}: the schema is not up to date (${pending.length} pending): run \`pnpm parley migrate\` first`,
      );
    }
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}
