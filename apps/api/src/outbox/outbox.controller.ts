import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  idParamsSchema,
  outboxQuerySchema,
  type OutboxEntry,
  type OutboxPage,
  type OutboxQuery,
} from '@parley/shared';
import { AdminOnly } from '../auth/access.js';
import { ZodPipe } from '../common/zod.js';
import { OutboxService } from './outbox.service.js';

/** Outbound effects that failed for good, and their retry: admins only (errors may name receivers). */
@Controller('api/moderation/outbox')
@AdminOnly()
export class OutboxController {
  constructor(private readonly outbox: OutboxService) {}

  @Get()
  list(@Query(new ZodPipe(outboxQuerySchema, 'query')) query: OutboxQuery): Promise<OutboxPage> {
    return this.outbox.list(query);
  }

  @Post(':id/retry')
  @HttpCode(200)
  retry(
    @Param(new ZodPipe(idParamsSchema, 'outbox entry address')) params: { id: string },
  ): Promise<OutboxEntry> {
    return this.outbox.retry(params.id);
  }
}
