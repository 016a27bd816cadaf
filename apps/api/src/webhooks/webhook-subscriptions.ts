import { Injectable } from '@nestjs/common';
import type { WebhooksRepository } from './webhooks.repository.js';

/** Like the site settings: a change on another node applies here within this time. */
export const SUBSCRIPTIONS_FRESH_FOR_MS = 2000;

/**
 * Which active webhooks receive which events, read from the database at most every two seconds
 * per node: every post asks, and on a hot story that was one query per comment for a list that
 * changes a few times a year. A change made on this node applies at once (`forget`).
 */
@Injectable()
export class WebhookSubscriptions {
  private cached: { at: number; active: { id: string; events: string[] }[] } | null = null;

  /**
   * Ids of the active webhooks that receive `type`. `webhooks` is bound to the caller's
   * transaction: on embedded PGlite a pool query inside a transaction would wait for it forever.
   */
  async receivers(type: string, webhooks: WebhooksRepository): Promise<string[]> {
    if (!this.cached || Date.now() - this.cached.at >= SUBSCRIPTIONS_FRESH_FOR_MS) {
      const at = Date.now();
      this.cached = { at, active: await webhooks.active() };
    }
    return this.cached.active.filter((webhook) => webhook.events.includes(type)).map(({ id }) => id);
  }

  forget(): void {
    this.cached = null;
  }
}
