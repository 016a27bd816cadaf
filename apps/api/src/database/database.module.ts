import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { createDatabase, migrateToLatest, seed, type Database } from '@parley/db';
import { CONFIG, type Config } from '../config/config.js';
import { AfterCommitTasks } from './after-commit.js';

export const DATABASE = Symbol('Database');
/** The Kysely handle; inject with `@Inject(KYSELY) db: Kysely<DB>` in repositories only. */
export const KYSELY = Symbol('Kysely');

@Global()
@Module({
  providers: [
    {
      provide: DATABASE,
      inject: [CONFIG],
      // Migrations and the seed run before anything else can query.
      useFactory: async (config: Config): Promise<Database> => {
        const database = await createDatabase({
          databaseUrl: config.databaseUrl,
          dataDir: config.dataDir,
          poolSize: config.databasePoolSize,
        });
        const ran = await migrateToLatest(database.db);
        await seed(database.db);
        new Logger('Database').log(
          `${database.describe}; migrations run: ${ran.length ? ran.join(', ') : 'none'}`,
        );
        return database;
      },
    },
    { provide: KYSELY, inject: [DATABASE], useFactory: (database: Database) => database.db },
    AfterCommitTasks,
  ],
  exports: [DATABASE, KYSELY, AfterCommitTasks],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly afterCommit: AfterCommitTasks,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.afterCommit.drain();
    await this.database.close();
  }
}
