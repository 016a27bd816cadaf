import type { DB, Kysely } from '@parley/db';
import { beforeEach, describe, expect, it } from 'vitest';
import { TransactionRunner, type Executor } from './transaction-runner.js';

/** A repository bound to whichever transaction it is given. */
class Probe {
  constructor(readonly executor?: Executor) {}
  withExecutor(executor: Executor): Probe {
    return new Probe(executor);
  }
}

/** Kysely's transaction().execute(): each call is a new transaction object, rolled back when the work throws. */
function fakeDatabase(): { db: Kysely<DB>; transactions: object[] } {
  const transactions: object[] = [];
  const db = {
    transaction: () => ({
      execute: async (work: (trx: object) => Promise<unknown>) => {
        const trx = {};
        transactions.push(trx);
        return work(trx);
      },
    }),
  };
  return { db: db as unknown as Kysely<DB>, transactions };
}

function postgresError(code: string): Error {
  return Object.assign(new Error(`postgres error ${code}`), { code });
}

describe(TransactionRunner.name, () => {
  let sut: TransactionRunner;
  let transactions: object[];

  beforeEach(() => {
    const fake = fakeDatabase();
    sut = new TransactionRunner(fake.db);
    transactions = fake.transactions;
  });

  it.each(['40P01', '40001'])('runs a transaction again after %s, until it commits', async (code) => {
    let runs = 0;
    const result = await sut.run({ probe: new Probe() }, async ({ probe }) => {
      runs++;
      // Each run works in a transaction of its own, never the rolled-back one.
      expect(probe.executor).toBe(transactions.at(-1));
      if (runs < 3) throw postgresError(code);
      return 'committed';
    });

    expect(result).toBe('committed');
    expect(runs).toBe(3);
    expect(new Set(transactions).size).toBe(3);
  });

  it('gives up after four runs and lets the deadlock through', async () => {
    let runs = 0;
    await expect(
      sut.run({ probe: new Probe() }, async () => {
        runs++;
        throw postgresError('40P01');
      }),
    ).rejects.toMatchObject({ code: '40P01' });
    expect(runs).toBe(4);
  });

  it('never runs again after another error', async () => {
    let runs = 0;
    await expect(
      sut.run({ probe: new Probe() }, async () => {
        runs++;
        throw postgresError('23505');
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(runs).toBe(1);
  });
});
