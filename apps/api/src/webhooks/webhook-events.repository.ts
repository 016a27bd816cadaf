import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { WebhookEventBody, WebhookEventData, WebhookEventType } from '@parley/shared';
import { Clock } from '../common/clock.js';
import type { Executor, ExecutorBound } from '../database/transaction-runner.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import { WebhookSubscriptions } from './webhook-subscriptions.js';
import { WebhooksRepository } from './webhooks.repository.js';

/** The outbox kind of one event's delivery to one webhook. */
export const WEBHOOK_DELIVERY = 'webhook.deliver';

export interface WebhookDeliveryPayload {
  webhookId: string;
  event: WebhookEventBody;
}

/**
 * Where changes announce webhook events. Bind it into the transaction of the change
 * (`transactions.run({ webhookEvents, … })`): one outbox row per subscribed webhook is written with
 * the change, so an event is sent if and only if the change committed.
 */
@Injectable()
export class WebhookEventsRepository implements ExecutorBound<WebhookEventsRepository> {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
    private readonly subscriptions: WebhookSubscriptions,
  ) {}

  withExecutor(executor: Executor): WebhookEventsRepository {
    return new WebhookEventsRepository(
      this.webhooks.withExecutor(executor),
      this.outbox.withExecutor(executor),
      this.clock,
      this.subscriptions,
    );
  }

  /**
   * Writes one event for every subscribed receiver. `data` may be a function: it runs only when
   * some receiver listens, so a change nobody subscribed to costs no query for its payload.
   */
  async record<T extends WebhookEventType>(
    type: T,
    data: WebhookEventData<T> | (() => Promise<WebhookEventData<T>>),
  ): Promise<void> {
    const receivers = await this.subscriptions.receivers(type, this.webhooks);
    if (receivers.length === 0) return;
    // One event id for every receiver: it is the receiver's key for recognising a repeat delivery.
    const event = {
      id: randomUUID(),
      type,
      createdAt: this.clock.now().toISOString(),
      data: typeof data === 'function' ? await data() : data,
    } as WebhookEventBody;
    for (const webhookId of receivers) {
      await this.outbox.enqueue({
        kind: WEBHOOK_DELIVERY,
        payload: { webhookId, event } satisfies WebhookDeliveryPayload,
      });
    }
  }
}
