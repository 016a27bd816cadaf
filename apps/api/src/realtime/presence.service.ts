import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { RealtimeService } from './realtime.service.js';
import { rooms, type ParleyServer } from './realtime.types.js';

const BROADCAST_EVERY_MS = 1000;

/**
 * "N reading now": the sockets in an article's room. Changes are coalesced so a burst of
 * joins costs one broadcast a second per article, not one per join.
 */
@Injectable()
export class PresenceService implements OnApplicationShutdown {
  private server: ParleyServer | null = null;
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly realtime: RealtimeService) {}

  attach(server: ParleyServer): void {
    this.server = server;
  }

  async count(articleId: string): Promise<number> {
    if (!this.server) return 0;
    // Local rooms are exact on one node; with the Redis adapter allRooms-style counting goes through fetchSockets.
    const local = this.server.of('/').adapter.rooms.get(rooms.article(articleId))?.size ?? 0;
    if (this.server.of('/').adapter.constructor.name === 'Adapter') return local;
    return (await this.server.in(rooms.article(articleId)).fetchSockets()).length;
  }

  changed(articleId: string): void {
    this.dirty.add(articleId);
    this.timer ??= setTimeout(() => void this.flush(), BROADCAST_EVERY_MS);
  }

  private async flush(): Promise<void> {
    this.timer = null;
    const articleIds = [...this.dirty];
    this.dirty.clear();
    for (const articleId of articleIds) {
      this.realtime.presence(articleId, await this.count(articleId).catch(() => 0));
    }
  }

  onApplicationShutdown(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
