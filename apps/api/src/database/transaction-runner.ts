import { Inject, Injectable } from '@nestjs/common';
import type { DB, Kysely, Transaction } from '@parley/db';
import { runCommitHooks } from './commit-hooks.js';
import { KYSELY } from './tokens.js';

/** What a repository queries through: the pool, or one transaction. */
export type Executor = Kysely<DB> | Transaction<DB>;

/** A repository that can make a copy of itself querying through another executor. */
export interface ExecutorBound<T> {
  withExecutor(executor: Executor): T;
}

/**
 * Runs work in one transaction. The work receives the repositories it asked for, already bound to
 * the transaction, and has no other handle: no query inside can go to the pool by mistake (on
 * embedded PGlite, which has one connection, such a query would wait forever). Services open
 * transactions only here; only repositories inject KYSELY.
 */
@Injectable()
export class TransactionRunner {
  constructor(@Inject(KYSELY) private readonly db: Kysely<DB>) {}

  async run<R extends { [K in keyof R]: ExecutorBound<R[K]> }, T>(
    repositories: R,
    work: (bound: R) => Promise<T>,
  ): Promise<T> {
    let transaction: Transaction<DB> | undefined;
    const result = await this.db.transaction().execute((trx) => {
      transaction = trx;
      const bound = Object.fromEntries(
        Object.entries(repositories).map(([name, repository]) => [
          name,
          (repository as ExecutorBound<unknown>).withExecutor(trx),
        ]),
      ) as R;
      return work(bound);
    });
    // Committed: what waited for it (`onCommit`) may run now.
    if (transaction) runCommitHooks(transaction);
    return result;
  }
}
