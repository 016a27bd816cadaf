#!/usr/bin/env node
import { createDatabase } from './database.js';
import { migrateDownAll, migrateToLatest } from './migrate.js';
import { seed } from './seed.js';

// `parley-migrate migrate | seed | reset` against DATABASE_URL, or the embedded database in PARLEY_DATA_DIR.
const command = process.argv[2] ?? 'migrate';
const database = await createDatabase({
  databaseUrl: process.env.DATABASE_URL || undefined,
  dataDir: process.env.PARLEY_DATA_DIR || undefined,
});
try {
  switch (command) {
    case 'migrate':
      console.log(
        `migrated ${database.describe}:`,
        (await migrateToLatest(database.db)).join(', ') || 'up to date',
      );
      break;
    case 'seed':
      await migrateToLatest(database.db);
      await seed(database.db);
      console.log(`seeded ${database.describe}`);
      break;
    case 'reset':
      await migrateDownAll(database.db);
      console.log(`reset ${database.describe}`);
      break;
    default:
      console.error(`unknown command "${command}": use migrate, seed or reset`);
      process.exitCode = 2;
  }
} finally {
  await database.close();
}
