import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Metrics } from '../metrics/metrics.js';
import { ModerationQueuesService } from './moderation-queues.service.js';

/** Every queue's size, site-wide, read at each scrape (the counts the moderation page shows). */
@Injectable()
export class ModerationMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly queues: ModerationQueuesService,
  ) {}

  onModuleInit(): void {
    this.metrics.onScrape(async () => {
      const counts = await this.queues.counts();
      for (const [queue, size] of Object.entries(counts))
        this.metrics.moderationQueueSize.set({ queue }, size);
    });
  }
}
