import { Inject, Injectable } from '@nestjs/common';
import { type Webhook, type WebhookDelivery } from '@parley/db';
import { KYSELY } from '../database/database.module.js';
import type { Executor, ExecutorBound } from '../database/transaction-runner.js';

/** One attempt to record: every column but the ones the table makes (each stated, null included). */
export type NewDelivery = Omit<WebhookDelivery, 'id' | 'createdAt'>;

/** Recent attempts kept per webhook; older ones are trimmed as new ones arrive. */
const DELIVERIES_KEPT = 200;

/** The only SQL on `webhooks` and `webhook_deliveries`. */
@Injectable()
export class WebhooksRepository implements ExecutorBound<WebhooksRepository> {
  constructor(@Inject(KYSELY) private readonly db: Executor) {}

  withExecutor(executor: Executor): WebhooksRepository {
    return new WebhooksRepository(executor);
  }

  list(): Promise<Webhook[]> {
    return this.db.selectFrom('webhooks').selectAll().orderBy('createdAt').orderBy('id').execute();
  }

  findById(id: string): Promise<Webhook | undefined> {
    return this.db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Active webhooks and the events each receives (WebhookSubscriptions keeps them). */
  active(): Promise<{ id: string; events: string[] }[]> {
    return this.db.selectFrom('webhooks').select(['id', 'events']).where('active', '=', true).execute();
  }

  create(webhook: { url: string; events: string[]; secret: string; active: boolean }): Promise<Webhook> {
    return this.db.insertInto('webhooks').values(webhook).returningAll().executeTakeFirstOrThrow();
  }

  update(
    id: string,
    changes: Partial<Pick<Webhook, 'url' | 'events' | 'secret' | 'active'>>,
  ): Promise<Webhook | undefined> {
    return this.db
      .updateTable('webhooks')
      .set({ ...changes, updatedAt: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  async remove(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async recordDelivery(delivery: NewDelivery): Promise<void> {
    await this.db.insertInto('webhookDeliveries').values(delivery).execute();
    await this.db
      .deleteFrom('webhookDeliveries')
      .where('webhookId', '=', delivery.webhookId)
      .where(
        'id',
        'not in',
        this.db
          .selectFrom('webhookDeliveries')
          .select('id')
          .where('webhookId', '=', delivery.webhookId)
          .orderBy('createdAt', 'desc')
          .orderBy('id', 'desc')
          .limit(DELIVERIES_KEPT),
      )
      .execute();
  }

  recentDeliveries(webhookId: string, limit: number): Promise<WebhookDelivery[]> {
    return this.db
      .selectFrom('webhookDeliveries')
      .selectAll()
      .where('webhookId', '=', webhookId)
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }
}
