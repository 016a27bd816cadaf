import { describe, expect, it } from 'vitest';
import { NotificationDataSection } from '../src/account/notification-data-section.js';
import { StoryRoomsGateway } from '../src/stories/story-rooms.gateway.js';
import { StoryLookupService } from '../src/stories/story-lookup.service.js';
import { AuthService } from '../src/auth/auth.service.js';
import { SocketSessions } from '../src/auth/socket-sessions.js';
import { CommentEventsListener } from '../src/comments/comment-events.listener.js';
import { CommentPostingService } from '../src/comments/comment-posting.service.js';
import { CommentReadingService } from '../src/comments/comment-reading.service.js';
import { ModerationQueuesService } from '../src/moderation/moderation-queues.service.js';
import { ModerationRoomGateway } from '../src/moderation/moderation-room.gateway.js';
import { QueueAnnouncementsListener } from '../src/moderation/queue-announcements.listener.js';
import { PresenceService } from '../src/realtime/presence.service.js';
import { RealtimeGateway } from '../src/realtime/realtime.gateway.js';
import { SettingsService } from '../src/settings/settings.service.js';
import { appSuite } from './support/suite.js';

appSuite('auth', (sut) => {
  // Without decorator metadata Nest boots and injects undefined, failing only at request time.
  describe('dependency injection', () => {
    it.each([
      { provider: CommentReadingService, field: 'comments' },
      { provider: CommentPostingService, field: 'transactions' },
      { provider: CommentEventsListener, field: 'comments' },
      { provider: QueueAnnouncementsListener, field: 'queues' },
      { provider: AuthService, field: 'users' },
      { provider: StoryLookupService, field: 'stories' },
      { provider: SettingsService, field: 'repository' },
      { provider: ModerationQueuesService, field: 'queues' },
      { provider: PresenceService, field: 'realtime' },
      { provider: RealtimeGateway, field: 'identities' },
      { provider: SocketSessions, field: 'auth' },
      { provider: StoryRoomsGateway, field: 'stories' },
      { provider: ModerationRoomGateway, field: 'queues' },
      { provider: NotificationDataSection, field: 'myData' },
    ])('gives $provider.name its dependencies', ({ provider, field }) => {
      const instance = sut.app.get<object>(provider, { strict: false });

      expect(instance).toBeInstanceOf(provider);
      expect((instance as Record<string, unknown>)[field]).toBeDefined();
      for (const [name, value] of Object.entries(instance)) {
        expect(value, `${provider.name}.${name}`).not.toBeUndefined();
      }
    });
  });
});
