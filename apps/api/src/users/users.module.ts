import { Module } from '@nestjs/common';
import { UsersRepository } from './users.repository.js';

/** The users table, read by sign-in, posting, moderation and account deletion. */
@Module({
  providers: [UsersRepository],
  exports: [UsersRepository],
})
export class UsersModule {}
