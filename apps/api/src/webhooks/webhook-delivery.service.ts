import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { CONFIG, type Config } from '../config/config.js';
import { OutboxHandlers, type OutboxHandlerContext } from '../outbox/outbox-handlers.js';
import { WEBHOOK_DELIVERY, type WebhookDeliveryPayload } from './webhook-events.repository.js';
import { postTo } from './webhook-post.js';
import { signatureHeader } from './webhook-signature.js';
import { checkTarget, WebhookTargetRefused } from './webhook-targets.js';
import { WebhooksRepository } from './webhooks.repository.js';

/**
 * Sends one event to one webhook, as an outbox handler (never on a request). A 2xx answer ends it;
 * anything else (another status, a redirect — never followed —, no answer in time) is recorded as a
 * delivery and thrown, so the outbox retries it with backoff and parks it after the last try.
 */
@Injectable()
export class WebhookDeliveryService implements OnModuleInit {
  private readonly logger = new Logger('Webhooks');
  private readonly timeoutMs: number;
  private readonly allowPrivate: boolean;

  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly handlers: OutboxHandlers,
    private readonly clock: Clock,
    @Inject(CONFIG) config: Config,
  ) {
    this.timeoutMs = config.webhookTimeoutMs;
    this.allowPrivate = config.webhookAllowPrivate;
  }

  onModuleInit(): void {
    // The outbox's own timeout is a backstop behind the request's.
    this.handlers.register<WebhookDeliveryPayload>(
      WEBHOOK_DELIVERY,
      (payload, context) => this.deliver(payload, context),
      { timeoutMs: this.timeoutMs + 2000 },
    );
  }

  async deliver(payload: WebhookDeliveryPayload, context: OutboxHandlerContext): Promise<void> {
    const webhook = await this.webhooks.findById(payload.webhookId);
    // Deleted or paused since the event: nothing to send.
    if (!webhook || !webhook.active) return;
    const body = JSON.stringify(payload.event);
    const unixSeconds = Math.floor(this.clock.now().getTime() / 1000);
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      // Checked at every delivery, not only at registration: a name can be pointed elsewhere since.
      const target = await checkTarget(webhook.url, this.allowPrivate);
      statusCode = await postTo(
        webhook.url,
        target,
        {
          'content-type': 'application/json',
          'user-agent': 'Parley-Webhooks/1',
          'x-parley-event': payload.event.type,
          'x-parley-delivery': payload.event.id,
          'x-parley-signature': signatureHeader(webhook.secret, body, unixSeconds),
        },
        body,
        AbortSignal.any([context.signal, AbortSignal.timeout(this.timeoutMs)]),
      );
      // A redirect is never followed: it could lead the signed body somewhere the admin did not register.
      if (statusCode < 200 || statusCode > 299) {
        error =
          statusCode >= 300 && statusCode < 400
            ? `HTTP ${statusCode} (redirects are not followed)`
            : `HTTP ${statusCode}`;
      }
    } catch (failure) {
      error = coarseFailure(failure);
      if (failure instanceof WebhookTargetRefused) {
        this.logger.warn(`webhook ${webhook.id} not delivered: ${failure.message}`);
      } else if (error === 'connection failed') {
        this.logger.warn(
          `webhook ${webhook.id} not delivered: ${failure instanceof Error ? failure.message : String(failure)}`,
        );
      }
    }
    try {
      await this.webhooks.recordDelivery({
        webhookId: webhook.id,
        eventId: payload.event.id,
        eventType: payload.event.type,
        attempt: context.attempt,
        statusCode,
        error,
        durationMs: Math.round(performance.now() - started),
      });
    } catch (failure) {
      this.logger.error(
        `cannot record a delivery to webhook ${webhook.id}: ${failure instanceof Error ? failure.message : String(failure)}`,
      );
    }
    if (error) throw new Error(error);
  }
}

/**
 * What admins see of a failure: coarse words, never the socket error or the address, so the
 * deliveries list cannot map the server's network (ECONNREFUSED vs a timeout vs a closed name).
 */
function coarseFailure(failure: unknown): string {
  if (failure instanceof WebhookTargetRefused) return 'address not allowed';
  if (failure instanceof Error && (failure.name === 'TimeoutError' || failure.name === 'AbortError'))
    return 'timeout';
  return 'connection failed';
}
