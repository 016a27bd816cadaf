import { Body, Controller, Param } from '@nestjs/common';
import {
  type WebhookCreated,
  type WebhookCreateRequest,
  type WebhookDeliveryList,
  type WebhookList,
  type WebhookUpdateRequest,
  type WebhookView,
} from '@parley/shared';
import { Route } from '../common/route.js';
import { WebhooksService } from './webhooks.service.js';

/** Webhooks send site data to outside servers: admins only. */
@Controller()
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Route('listWebhooks')
  async list(): Promise<WebhookList> {
    return { items: await this.webhooks.list() };
  }

  @Route('createWebhook', { body: 'webhook' })
  create(@Body() body: WebhookCreateRequest): Promise<WebhookCreated> {
    return this.webhooks.create(body);
  }

  @Route('updateWebhook', { params: 'webhook address', body: 'webhook' })
  update(@Param() params: { id: string }, @Body() body: WebhookUpdateRequest): Promise<WebhookView> {
    return this.webhooks.update(params.id, body);
  }

  @Route('deleteWebhook', { params: 'webhook address' })
  async remove(@Param() params: { id: string }): Promise<void> {
    await this.webhooks.remove(params.id);
  }

  @Route('listWebhookDeliveries', { params: 'webhook address' })
  async deliveries(@Param() params: { id: string }): Promise<WebhookDeliveryList> {
    return { items: await this.webhooks.deliveries(params.id) };
  }
}
