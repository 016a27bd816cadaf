import { Inject, Injectable } from '@nestjs/common';
import type { DB, Kysely, Transaction } from '@parley/db';
import { runCommitHooks } from './commit-hooks.js';
import { KYSELY } from './tokens.js';

/** deadlock_detected and serialization_failure: Postgres rolled the whole transaction back; running it again is safe. */
const RETRYABLE_SQLSTATES = new Set(['40P01', '40001']);
/** Runs of one transaction before its error is let through. */
const MAX_ATTEMPTS = 4;

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

  /**
   * A deadlock (two writers locking the same rows in another order, e.g. "ban and reject existing"
   * against a decision on the same reply chain) or a serialization failure rolls the transaction
   * back whole: it is run again, after a short random wait so the two do not meet again at once.
   * `work` must therefore only write through the repositories it is given.
   */
  async run<R extends { [K in keyof R]: ExecutorBound<R[K]> }, T>(
    repositories: R,
    work: (bound: R) => Promise<T>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.runOnce(repositories, work);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !RETRYABLE_SQLSTATES.has(sqlState(error) ?? '')) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
  }

  private async runOnce<R extends { [K in keyof R]: ExecutorBound<R[K]> }, T>(
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

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
