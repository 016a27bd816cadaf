import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Webhook, WebhookDelivery } from '@parley/db';
import type {
  WebhookCreated,
  WebhookCreateRequest,
  WebhookDeliveryView,
  WebhookEventType,
  WebhookUpdateRequest,
  WebhookView,
} from '@parley/shared';
import { AppError } from '../common/app-error.js';
import { CONFIG, type Config } from '../config/config.js';
import { checkTarget, WebhookTargetRefused } from './webhook-targets.js';
import { WebhookSubscriptions } from './webhook-subscriptions.js';
import { WebhooksRepository } from './webhooks.repository.js';

const RECENT_DELIVERIES = 50;

/** Admins' webhooks: register, change, remove, and see recent deliveries. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly subscriptions: WebhookSubscriptions,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async list(): Promise<WebhookView[]> {
    return (await this.webhooks.list()).map(toView);
  }

  /** The secret (given, or made here) is in this answer and never again. */
  async create(request: WebhookCreateRequest): Promise<WebhookCreated> {
    await this.refusePrivateTarget(request.url);
    const secret = request.secret ?? `whsec_${randomBytes(24).toString('base64url')}`;
    const webhook = await this.webhooks.create({ ...request, secret });
    this.subscriptions.forget();
    return { ...toView(webhook), secret };
  }

  async update(id: string, changes: WebhookUpdateRequest): Promise<WebhookView> {
    if (changes.url !== undefined) await this.refusePrivateTarget(changes.url);
    const webhook = await this.webhooks.update(id, changes);
    this.subscriptions.forget();
    if (!webhook) throw new AppError('webhook/not_found');
    return toView(webhook);
  }

  async remove(id: string): Promise<void> {
    const removed = await this.webhooks.remove(id);
    this.subscriptions.forget();
    if (!removed) throw new AppError('webhook/not_found');
  }

  /** Delivery checks again before each send; this only tells the admin at once. */
  private async refusePrivateTarget(url: string): Promise<void> {
    try {
      await checkTarget(url, this.config.webhookAllowPrivate);
    } catch (error) {
      if (!(error instanceof WebhookTargetRefused)) throw error;
      throw new AppError(
        'webhook/target_not_allowed',
        { url },
        `That webhook URL is not allowed: ${error.message}. Use a public address, or set PARLEY_WEBHOOK_ALLOW_PRIVATE=true on the server.`,
      );
    }
  }

  async deliveries(id: string): Promise<WebhookDeliveryView[]> {
    if (!(await this.webhooks.findById(id))) throw new AppError('webhook/not_found');
    return (await this.webhooks.recentDeliveries(id, RECENT_DELIVERIES)).map(toDeliveryView);
  }
}

function toView(webhook: Webhook): WebhookView {
  return {
    id: webhook.id,
    url: webhook.url,
    events: webhook.events as WebhookEventType[],
    active: webhook.active,
    createdAt: webhook.createdAt.toISOString(),
    updatedAt: webhook.updatedAt.toISOString(),
  };
}

function toDeliveryView(delivery: WebhookDelivery): WebhookDeliveryView {
  return {
    id: delivery.id,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    attempt: delivery.attempt,
    statusCode: delivery.statusCode,
    error: delivery.error,
    durationMs: delivery.durationMs,
    createdAt: delivery.createdAt.toISOString(),
  };
}
