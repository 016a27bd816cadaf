import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { CONFIG, type Config } from '../config/config.js';
import { OutboxHandlers, type OutboxHandlerContext } from '../outbox/outbox-handlers.js';
import { WEBHOOK_DELIVERY, type WebhookDeliveryPayload } from './webhook-events.repository.js';
import { signatureHeader } from './webhook-signature.js';
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

  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly handlers: OutboxHandlers,
    private readonly clock: Clock,
    @Inject(CONFIG) config: Config,
  ) {
    this.timeoutMs = config.webhookTimeoutMs;
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
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Parley-Webhooks/1',
          'x-parley-event': payload.event.type,
          'x-parley-delivery': payload.event.id,
          'x-parley-signature': signatureHeader(webhook.secret, body, unixSeconds),
        },
        body,
        // A redirect could lead the signed body somewhere the admin did not register.
        redirect: 'manual',
        signal: AbortSignal.any([context.signal, AbortSignal.timeout(this.timeoutMs)]),
      });
      statusCode = response.status;
      // The answer's body is not read; dropping it frees the connection.
      await response.body?.cancel().catch(() => undefined);
      if (statusCode < 200 || statusCode > 299) {
        error =
          statusCode >= 300 && statusCode < 400
            ? `answered ${statusCode}; redirects are not followed`
            : `answered ${statusCode}`;
      }
    } catch (failure) {
      error = describeFailure(failure, this.timeoutMs);
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
      this.logger.error(`cannot record a delivery to webhook ${webhook.id}: ${describeFailure(failure, 0)}`);
    }
    if (error) throw new Error(error);
  }
}

function describeFailure(failure: unknown, timeoutMs: number): string {
  if (failure instanceof Error) {
    if (failure.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
    // undici's "fetch failed" hides the reason (ECONNREFUSED, ENOTFOUND, …) in `cause`.
    const cause = failure.cause as { code?: string; message?: string } | undefined;
    const detail = cause?.code ?? cause?.message;
    return detail ? `${failure.message}: ${detail}` : failure.message;
  }
  return String(failure);
}
