import { Controller, Param, Query } from '@nestjs/common';
import { type OutboxEntry, type OutboxPage, type OutboxQuery } from '@parley/shared';
import { Route } from '../common/route.js';
import { OutboxService } from './outbox.service.js';

/** Outbound effects that failed for good, and their retry: admins only (errors may name receivers). */
@Controller()
export class OutboxController {
  constructor(private readonly outbox: OutboxService) {}

  @Route('listOutbox')
  list(@Query() query: OutboxQuery): Promise<OutboxPage> {
    return this.outbox.list(query);
  }

  @Route('retryOutboxEntry', { params: 'outbox entry address' })
  retry(@Param() params: { id: string }): Promise<OutboxEntry> {
    return this.outbox.retry(params.id);
  }
}
