import { createDatabase, migrateToLatest, type Database } from '@parley/db';
import { createTestDatabase, testEngines, type TestDatabase } from '@parley/db/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Clock } from '../src/common/clock.js';
import { loadConfig } from '../src/config/config.js';
import { TransactionRunner } from '../src/database/transaction-runner.js';
import { Metrics } from '../src/metrics/metrics.js';
import { OutboxHandlers, OutboxPermanentError, type OutboxHandler } from '../src/outbox/outbox-handlers.js';
import { OutboxWakeup } from '../src/outbox/outbox-wakeup.js';
import { OutboxRepository } from '../src/outbox/outbox.repository.js';
import { OutboxWorker } from '../src/outbox/outbox.worker.js';
import { waitFor } from './support/wait.js';

/** One node's outbox over a database handle: its own wake-up, registry and worker, a shared clock. */
function node(database: Database, clock: Clock, env: Record<string, string> = {}) {
  const config = loadConfig({
    PARLEY_OUTBOX_POLL_MS: '20',
    PARLEY_OUTBOX_BACKOFF_BASE_MS: '1',
    PARLEY_OUTBOX_BACKOFF_MAX_MS: '5',
    PARLEY_OUTBOX_DRAIN_MS: '100',
    ...env,
  });
  const wakeup = new OutboxWakeup();
  const repository = new OutboxRepository(database.db, clock, wakeup);
  const handlers = new OutboxHandlers();
  const worker = new OutboxWorker(repository, handlers, clock, wakeup, config, new Metrics());
  const transactions = new TransactionRunner(database.db);
  return { repository, handlers, worker, transactions };
}

const statusOf = async (database: Database, id: string) =>
  database.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe(OutboxWorker.name, () => {
  describe.each(testEngines())('on %s', (engine) => {
    let database: TestDatabase;
    let second: Database | undefined;
    const workers: OutboxWorker[] = [];

    beforeAll(async () => {
      database = await createTestDatabase(engine);
      await migrateToLatest(database.db);
      // On Postgres a second node has its own pool, as another process would; PGlite has one connection.
      second = database.url ? await createDatabase({ databaseUrl: database.url, poolSize: 3 }) : undefined;
    });

    afterEach(async () => {
      await Promise.all(workers.splice(0).map((worker) => worker.stop()));
      await database.db.deleteFrom('outbox').execute();
    });

    afterAll(async () => {
      await second?.close();
      await database?.close();
    });

    function started(sut: ReturnType<typeof node>) {
      workers.push(sut.worker);
      sut.worker.start();
      return sut;
    }

    it('never runs one row on two workers at once, and runs every row', async () => {
      const clock = new Clock();
      const a = node(database, clock, { PARLEY_OUTBOX_CONCURRENCY: '4' });
      const b = node(second ?? database, clock, { PARLEY_OUTBOX_CONCURRENCY: '4' });
      const runs = new Map<string, number>();
      const running = new Set<string>();
      let overlaps = 0;
      const handler: OutboxHandler<{ n: number }> = async (payload) => {
        const key = String(payload.n);
        if (running.has(key)) overlaps += 1;
        running.add(key);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running.delete(key);
        runs.set(key, (runs.get(key) ?? 0) + 1);
      };
      a.handlers.register('test.count', handler);
      b.handlers.register('test.count', handler);
      for (let n = 0; n < 40; n += 1) await a.repository.enqueue({ kind: 'test.count', payload: { n } });
      started(a);
      started(b);

      await waitFor(() => runs.size === 40, 'all 40 rows to run', { timeoutMs: 20_000 });
      await waitFor(async () => {
        const rows = await database.db.selectFrom('outbox').select('status').execute();
        return rows.every((row) => row.status === 'done');
      }, 'every row marked done');

      expect(overlaps).toBe(0);
      expect([...runs.values()].every((count) => count === 1)).toBe(true);
    });

    it('claims a row again once the lease of a worker that died mid-send runs out', async () => {
      const clock = new Clock();
      const sut = node(database, clock, { PARLEY_OUTBOX_LEASE_MS: '60000' });
      const ran: number[] = [];
      sut.handlers.register('test.crash', (_payload, context) => {
        ran.push(context.attempt);
        return Promise.resolve();
      });
      const id = (await sut.repository.enqueue({ kind: 'test.crash', payload: {} }))!;
      // A node claims the row, starts sending, and is killed: nothing ever marks it.
      expect(await sut.repository.claim(['test.crash'], 10, 60_000)).toHaveLength(1);

      started(sut);
      sut.worker.wake();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(ran, 'the lease still holds').toEqual([]);

      clock.advance(61_000);
      sut.worker.wake();
      await waitFor(() => ran.length === 1, 'the row to be claimed again');
      expect(ran).toEqual([2]);
      await waitFor(async () => (await statusOf(database, id)).status === 'done', 'the row to be done');
    });

    it('retries with backoff, then parks the row as failed with the last error', async () => {
      const clock = new Clock();
      const sut = node(database, clock, { PARLEY_OUTBOX_MAX_ATTEMPTS: '3' });
      const attempts: number[] = [];
      sut.handlers.register('test.fail', (_payload, context) => {
        attempts.push(context.attempt);
        return Promise.reject(new Error(`receiver said no (try ${context.attempt})`));
      });
      const id = (await sut.repository.enqueue({ kind: 'test.fail', payload: {} }))!;
      started(sut);

      await waitFor(async () => (await statusOf(database, id)).status === 'failed', 'the row to be parked');
      const row = await statusOf(database, id);
      expect(attempts).toEqual([1, 2, 3]);
      expect(row).toMatchObject({ attempts: 3, lastError: 'receiver said no (try 3)', leaseUntil: null });
    });

    it('waits the backoff before the next try', async () => {
      const clock = new Clock();
      const sut = node(database, clock, {
        PARLEY_OUTBOX_BACKOFF_BASE_MS: '600000',
        PARLEY_OUTBOX_BACKOFF_MAX_MS: '600000',
      });
      sut.worker.random = () => 0.5;
      let tries = 0;
      sut.handlers.register('test.later', () => {
        tries += 1;
        return tries === 1 ? Promise.reject(new Error('busy')) : Promise.resolve();
      });
      const id = (await sut.repository.enqueue({ kind: 'test.later', payload: {} }))!;
      const before = clock.now().getTime();
      started(sut);
      await waitFor(async () => (await statusOf(database, id)).lastError === 'busy', 'the first failure');
      const row = await statusOf(database, id);
      // Full jitter over [0, base · 2^0]: half of ten minutes with this random.
      expect(row.runAfter.getTime() - before).toBeGreaterThanOrEqual(300_000);
      expect(row.runAfter.getTime() - before).toBeLessThan(301_000);
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(tries, 'not before the backoff').toBe(1);

      clock.advance(301_000);
      sut.worker.wake();
      await waitFor(async () => (await statusOf(database, id)).status === 'done', 'the second try');
      expect(tries).toBe(2);
    });

    it('parks at once on a permanent error, and gives up on a handler that overruns its timeout', async () => {
      const clock = new Clock();
      const sut = node(database, clock, { PARLEY_OUTBOX_MAX_ATTEMPTS: '2' });
      sut.handlers.register('test.gone', () =>
        Promise.reject(new OutboxPermanentError('the target is gone')),
      );
      let signalled = 0;
      sut.handlers.register(
        'test.slow',
        (_payload, context) => {
          context.signal.addEventListener('abort', () => (signalled += 1));
          return new Promise(() => undefined);
        },
        { timeoutMs: 50 },
      );
      const gone = (await sut.repository.enqueue({ kind: 'test.gone', payload: {} }))!;
      const slow = (await sut.repository.enqueue({ kind: 'test.slow', payload: {} }))!;
      started(sut);

      await waitFor(
        async () => (await statusOf(database, gone)).status === 'failed',
        'the permanent failure',
      );
      expect(await statusOf(database, gone)).toMatchObject({ attempts: 1, lastError: 'the target is gone' });
      await waitFor(async () => (await statusOf(database, slow)).status === 'failed', 'the slow row parked');
      expect(await statusOf(database, slow)).toMatchObject({
        attempts: 2,
        lastError: 'timed out after 50 ms',
      });
      expect(signalled).toBe(2);
    });

    it('enqueues with the transaction: nothing on a rollback, a wake-up after the commit', async () => {
      const clock = new Clock();
      // Polls every ten minutes: only the wake-up after the commit can run the row in time.
      const sut = node(database, clock, { PARLEY_OUTBOX_POLL_MS: '600000' });
      let release: () => void = () => undefined;
      const released = new Promise<void>((resolve) => (release = resolve));
      const ran: string[] = [];
      sut.handlers.register('test.tx', async (payload: { name: string }) => {
        ran.push(payload.name);
        await released;
      });
      started(sut);
      await new Promise((resolve) => setTimeout(resolve, 50));

      await expect(
        sut.transactions.run({ outbox: sut.repository }, async ({ outbox }) => {
          await outbox.enqueue({ kind: 'test.tx', payload: { name: 'rolled back' } });
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      const startedAt = Date.now();
      await sut.transactions.run({ outbox: sut.repository }, ({ outbox }) =>
        outbox.enqueue({ kind: 'test.tx', payload: { name: 'committed' } }),
      );
      // The caller is answered while the handler is still running: it is not on the request path.
      expect(Date.now() - startedAt).toBeLessThan(5000);
      await waitFor(() => ran.length === 1, 'the committed row to run after the wake-up');
      expect(ran).toEqual(['committed']);
      release();
      expect(await database.db.selectFrom('outbox').select('kind').execute()).toHaveLength(1);
    });

    it('keeps one row per dedupe key', async () => {
      const sut = node(database, new Clock());
      const first = await sut.repository.enqueue({ kind: 'test.once', payload: 1, dedupeKey: 'k1' });
      const again = await sut.repository.enqueue({ kind: 'test.once', payload: 2, dedupeKey: 'k1' });
      expect(first).toEqual(expect.any(String));
      expect(again).toBeUndefined();
    });

    it('stops without hanging on a handler that ignores its signal, leaving the row for a later try', async () => {
      const clock = new Clock();
      const sut = node(database, clock, { PARLEY_OUTBOX_DRAIN_MS: '100' });
      sut.handlers.register('test.stuck', () => new Promise(() => undefined), { timeoutMs: 600_000 });
      const id = (await sut.repository.enqueue({ kind: 'test.stuck', payload: {} }))!;
      sut.worker.start();
      await waitFor(() => sut.worker.inFlight === 1, 'the row to start');

      const startedAt = Date.now();
      await sut.worker.stop();
      expect(Date.now() - startedAt).toBeLessThan(3000);
      expect(await statusOf(database, id)).toMatchObject({
        status: 'pending',
        lastError: 'the node is shutting down',
        leaseUntil: null,
      });
    });
  });
});
