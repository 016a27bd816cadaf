import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createDatabase, type Database, type DatabaseEngine } from '@parley/db';
import { createTestDatabase, type TestDatabase } from '@parley/db/testing';

/** The built `parley` command (`pnpm --filter @parley/api build`). */
export const CLI = fileURLToPath(new URL('../../dist/cli/parley.js', import.meta.url));
/** Each CLI run on PGlite starts the engine afresh: slow on this busy 2-core machine. */
export const SLOW_MS = 300_000;

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `parley <args>` with only `env` (and PATH): its exit code and output, never a throw for a non-zero exit. */
export async function parley(env: Record<string, string>, ...args: string[]): Promise<Run> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: pnpm --filter @parley/api build`);
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** A fresh database for the CLI to run against, and a scratch folder beside it. */
export interface CliDatabase {
  /** What the CLI is given: DATABASE_URL (and REDIS_URL when set), or PARLEY_DATA_DIR for PGlite. */
  env: Record<string, string>;
  /** A folder for the test's own files; removed by `close`. */
  dir: string;
  /** The Postgres database, or undefined on PGlite. */
  postgres: TestDatabase | undefined;
  /** The database, opened in this process only while no CLI holds it (PGlite has one owner). */
  inspect<T>(look: (database: Database) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function cliDatabase(engine: DatabaseEngine, prefix: string): Promise<CliDatabase> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const close = async (postgres?: TestDatabase) => {
    await postgres?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  if (engine === 'postgres') {
    const postgres = await createTestDatabase('postgres');
    return {
      env: {
        DATABASE_URL: postgres.url!,
        ...(process.env.REDIS_URL && { REDIS_URL: process.env.REDIS_URL }),
      },
      dir,
      postgres,
      inspect: (look) => look(postgres),
      close: () => close(postgres),
    };
  }
  const dataDir = join(dir, 'data');
  return {
    env: { PARLEY_DATA_DIR: dataDir },
    dir,
    postgres: undefined,
    inspect: async (look) => {
      const database = await createDatabase({ dataDir });
      try {
        return await look(database);
      } finally {
        await database.close();
      }
    },
    close: () => close(),
  };
}
