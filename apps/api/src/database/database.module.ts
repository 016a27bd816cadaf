import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { createDatabase, migrateToLatest, pingDatabase, seed, type Database } from '@parley/db';
import { Outage } from '../common/outage.js';
import { CONFIG, type Config } from '../config/config.js';
import { AfterCommitTasks } from './after-commit.js';
import { DATABASE, KYSELY } from './tokens.js';
import { TransactionRunner } from './transaction-runner.js';

/** Postgres reachable or not: logged once each way; requests answer 503 meanwhile (exception filter). */
export class DatabaseOutage extends Outage {}

export { DATABASE, KYSELY };

@Global()
@Module({
  providers: [
    {
      provide: DATABASE,
      inject: [CONFIG, DatabaseOutage],
      // Migrations and the seed run before anything else can query.
      useFactory: async (config: Config, outage: DatabaseOutage): Promise<Database> => {
        const database = await createDatabase({
          databaseUrl: config.databaseUrl,
          dataDir: config.dataDir,
          poolSize: config.databasePoolSize,
          connectTimeoutMs: config.databaseConnectTimeoutMs,
          statementTimeoutMs: config.databaseStatementTimeoutMs,
          onConnectionError: (error) => outage.down(error),
        });
        outage.probeWith(() => pingDatabase(database.db));
        const ran = await migrateToLatest(database.db);
        await seed(database.db);
        new Logger('Database').log(
          `${database.describe}; migrations run: ${ran.length ? ran.join(', ') : 'none'}`,
        );
        return database;
      },
    },
    { provide: KYSELY, inject: [DATABASE], useFactory: (database: Database) => database.db },
    {
      provide: DatabaseOutage,
      useFactory: () =>
        new DatabaseOutage('Postgres', 'requests that need the database answer 503 until it is back'),
    },
    AfterCommitTasks,
    TransactionRunner,
  ],
  exports: [DATABASE, KYSELY, AfterCommitTasks, DatabaseOutage, TransactionRunner],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly afterCommit: AfterCommitTasks,
    private readonly outage: DatabaseOutage,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.outage.stop();
    await this.afterCommit.drain();
    await this.database.close();
  }
}
