import { Global, Module } from '@nestjs/common';
import { WebhookDeliveryService } from './webhook-delivery.service.js';
import { WebhookEventsRepository } from './webhook-events.repository.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhookSubscriptions } from './webhook-subscriptions.js';
import { WebhooksRepository } from './webhooks.repository.js';
import { WebhooksService } from './webhooks.service.js';

/** Global so that every feature can bind `WebhookEventsRepository` into its transactions. */
@Global()
@Module({
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
