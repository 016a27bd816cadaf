import { Global, Module } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { OutboxHandlers } from './outbox-handlers.js';
import { OutboxMetrics } from './outbox-metrics.js';
import { OutboxWakeup } from './outbox-wakeup.js';
import { OutboxController } from './outbox.controller.js';
import { OutboxRepository } from './outbox.repository.js';
import { OutboxService } from './outbox.service.js';
import { OutboxWorker } from './outbox.worker.js';

/**
 * The transactional outbox, global: any feature binds `OutboxRepository` into its transaction to
 * enqueue, and registers handlers with `OutboxHandlers` in its `onModuleInit`.
 */
@Global()
@Module({
  controllers: [OutboxController],
  providers: [
    Clock,
    OutboxWakeup,
    OutboxHandlers,
    OutboxRepository,
    OutboxWorker,
    OutboxService,
    OutboxMetrics,
  ],
  exports: [Clock, OutboxHandlers, OutboxRepository, OutboxWorker],
})
export class OutboxModule {}
