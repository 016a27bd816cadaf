import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Metrics } from '../metrics/metrics.js';
import { OutboxRepository } from './outbox.repository.js';

/** The outbox's depth, oldest waiting row and parked rows, read at each scrape (one query). */
@Injectable()
export class OutboxMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly repository: OutboxRepository,
  ) {}

  onModuleInit(): void {
    this.metrics.onScrape(async () => {
      const backlog = await this.repository.backlog();
      this.metrics.outboxPending.set(backlog.pending);
      this.metrics.outboxOldestAge.set(backlog.oldestPendingSeconds);
      this.metrics.outboxFailed.set(backlog.failed);
    });
  }
}
