import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module.js';
import { WebhookDeliveryService } from './webhook-delivery.service.js';
import { WebhookEventsRepository } from './webhook-events.repository.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhookSubscriptions } from './webhook-subscriptions.js';
import { WebhooksRepository } from './webhooks.repository.js';
import { WebhooksService } from './webhooks.service.js';

/** Webhooks: a feature that imports this binds `WebhookEventsRepository` into its transactions. */
@Module({
  imports: [OutboxModule],
  controllers: [WebhooksController],
  providers: [
    WebhooksRepository,
    WebhookSubscriptions,
    WebhookEventsRepository,
    WebhookDeliveryService,
    WebhooksService,
  ],
  exports: [WebhookEventsRepository],
})
export class WebhooksModule {}
