import { Injectable } from '@nestjs/common';
import type { OutboxRow } from '@parley/db';
import type { OutboxEntry, OutboxPage, OutboxQuery } from '@parley/shared';
import { AppError } from '../common/app-error.js';
import { decodeCursor, NEWEST_FIRST_CURSOR, newestFirstKey, toPage } from '../common/cursor.js';
import { OutboxRepository } from './outbox.repository.js';

/** Admins' view of the outbox: what is parked (or pending, or done), and a retry for a parked row. */
@Injectable()
export class OutboxService {
  constructor(private readonly repository: OutboxRepository) {}

  async list(query: OutboxQuery): Promise<OutboxPage> {
    const after = decodeCursor(query.cursor, NEWEST_FIRST_CURSOR);
    const rows = await this.repository.list(query.status, query.limit, after);
    const page = toPage(rows, query.limit, newestFirstKey);
    return { items: page.items.map(toEntry), nextCursor: page.nextCursor };
  }

  async retry(id: string): Promise<OutboxEntry> {
    const row = await this.repository.retry(id);
    if (!row) throw new AppError('outbox/not_found');
    return toEntry(row);
  }
}

export function toEntry(row: OutboxRow): OutboxEntry {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    attempts: row.attempts,
    runAfter: row.runAfter.toISOString(),
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    doneAt: row.doneAt?.toISOString() ?? null,
  };
}
