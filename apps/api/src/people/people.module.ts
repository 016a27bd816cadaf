import { Module } from '@nestjs/common';
import { ModerationLogModule } from '../moderation-log/moderation-log.module.js';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { UsersModule } from '../users/users.module.js';
import { ModeratorNotesRepository } from './moderator-notes.repository.js';
import { ModeratorNotesService } from './moderator-notes.service.js';
import { PeopleController } from './people.controller.js';
import { PeopleRepository } from './people.repository.js';
import { PersonAnnouncementsListener } from './person-announcements.listener.js';
import { PersonProfileService } from './person-profile.service.js';

/**
 * The person behind a comment, for staff: profile, comments, sanctions, and moderators' notes.
 * Apart from moderation: it reads the log and the users, and hears of sanctions by a domain event.
 */
@Module({
  imports: [ModerationLogModule, RealtimeModule, UsersModule],
  controllers: [PeopleController],
  providers: [
    PeopleRepository,
    ModeratorNotesRepository,
    PersonProfileService,
    ModeratorNotesService,
    PersonAnnouncementsListener,
  ],
})
export class PeopleModule {}
