import { MIGRATION_NAMES, migrateToLatest, migrationStatus, type Database } from '@parley/db';
import { Command } from 'commander';
import { CliError, oneLine } from '../cli-error.js';
import { describeDatabase, embeddedDatabaseExists, loadCliConfig, openDatabase } from '../database.js';

interface MigrateOptions {
  dryRun?: boolean;
}

/** `parley migrate [--dry-run]`: what the server does at start, on its own, or only said. */
export function migrateCommand(): Command {
  return new Command('migrate')
    .description('bring the database schema up to date (the server also does this when it starts)')
    .option('--dry-run', 'list the migrations that would run, and change nothing')
    .action(async (options: MigrateOptions) => {
      const config = loadCliConfig();
      const name = describeDatabase(config);
      if (options.dryRun && !config.databaseUrl && !embeddedDatabaseExists(config)) {
        // Opening it would make it: say what a first start would do instead.
        print(`${name}: no database yet (the first migrate or start makes it)`);
        printList(`${count(MIGRATION_NAMES.length)} would run`, MIGRATION_NAMES);
        return;
      }
      const database = await openDatabase(config);
      try {
        if (options.dryRun) await dryRun(database, name);
        else await migrate(database, name);
      } finally {
        await database.close();
      }
    });
}

async function dryRun(database: Database, name: string): Promise<void> {
  const { applied, pending } = await migrationStatus(database.db);
  if (pending.length === 0) {
    print(`${name}: nothing to do (${appliedSummary(applied)})`);
    return;
  }
  print(`${name}: ${appliedSummary(applied)}`);
  printList(`${count(pending.length)} would run`, pending);
}

async function migrate(database: Database, name: string): Promise<void> {
  let ran: string[];
  try {
    ran = await migrateToLatest(database.db);
  } catch (error) {
    throw new CliError(`${name}: ${oneLine(error)}`);
  }
  if (ran.length === 0) {
    const { applied } = await migrationStatus(database.db);
    print(`${name}: nothing to do (${appliedSummary(applied)})`);
    return;
  }
  print(`${name}:`);
  printList(`ran ${count(ran.length)}`, ran);
}

function appliedSummary(applied: readonly string[]): string {
  return applied.length === 0
    ? 'no migrations applied'
    : `${count(applied.length)} applied, the last ${applied.at(-1)}`;
}

function count(n: number): string {
  return n === 1 ? '1 migration' : `${n} migrations`;
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function printList(heading: string, names: readonly string[]): void {
  print(`${heading}:`);
  for (const migration of names) print(`  ${migration}`);
}
