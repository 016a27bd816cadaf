import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  idParamsSchema,
  webhookCreateRequestSchema,
  webhookUpdateRequestSchema,
  type WebhookCreated,
  type WebhookCreateRequest,
  type WebhookDeliveryList,
  type WebhookList,
  type WebhookUpdateRequest,
  type WebhookView,
} from '@parley/shared';
import { AdminOnly } from '../auth/access.js';
import { ZodPipe } from '../common/zod.js';
import { WebhooksService } from './webhooks.service.js';

const webhookParams = new ZodPipe(idParamsSchema, 'webhook address');

/** Webhooks send site data to outside servers: admins only. */
@Controller('api/moderation/webhooks')
@AdminOnly()
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  async list(): Promise<WebhookList> {
    return { items: await this.webhooks.list() };
  }

  @Post()
  create(
    @Body(new ZodPipe(webhookCreateRequestSchema, 'webhook')) body: WebhookCreateRequest,
  ): Promise<WebhookCreated> {
    return this.webhooks.create(body);
  }

  @Patch(':id')
  update(
    @Param(webhookParams) params: { id: string },
    @Body(new ZodPipe(webhookUpdateRequestSchema, 'webhook')) body: WebhookUpdateRequest,
  ): Promise<WebhookView> {
    return this.webhooks.update(params.id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param(webhookParams) params: { id: string }): Promise<void> {
    await this.webhooks.remove(params.id);
  }

  @Get(':id/deliveries')
  async deliveries(@Param(webhookParams) params: { id: string }): Promise<WebhookDeliveryList> {
    return { items: await this.webhooks.deliveries(params.id) };
  }
}
