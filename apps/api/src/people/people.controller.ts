import { Body, Controller, Param, Query } from '@nestjs/common';
import type { User } from '@parley/db';
import type {
  ModeratorNote,
  ModeratorNotePage,
  PersonCommentPage,
  PersonCommentsQuery,
  PersonProfile,
} from '@parley/shared';
import { CurrentUser } from '../auth/access.js';
import { Route } from '../common/route.js';
import { ModeratorNotesService } from './moderator-notes.service.js';
import { PersonProfileService } from './person-profile.service.js';

/** The moderation drawer: the person behind a comment, and moderators' notes about them (staff only). */
@Controller()
export class PeopleController {
  constructor(
    private readonly profiles: PersonProfileService,
    private readonly notes: ModeratorNotesService,
  ) {}

  @Route('getPerson', { params: 'user address' })
  person(@Param() params: { id: string }, @CurrentUser() viewer: User): Promise<PersonProfile> {
    return this.profiles.profile(params.id, viewer);
  }

  @Route('listPersonComments', { params: 'user address' })
  comments(@Param() params: { id: string }, @Query() query: PersonCommentsQuery): Promise<PersonCommentPage> {
    return this.profiles.comments(params.id, query);
  }

  @Route('listModeratorNotes', { params: 'user address' })
  listNotes(
    @Param() params: { id: string },
    @Query() query: { cursor?: string; limit: number },
  ): Promise<ModeratorNotePage> {
    return this.notes.list(params.id, query);
  }

  @Route('createModeratorNote', { params: 'user address', body: 'note' })
  addNote(
    @Param() params: { id: string },
    @Body() body: { body: string },
    @CurrentUser() moderator: User,
  ): Promise<ModeratorNote> {
    return this.notes.add(params.id, body.body, moderator);
  }
}
