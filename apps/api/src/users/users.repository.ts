import { Inject, Injectable } from '@nestjs/common';
import { sql, type NewUser, type User } from '@parley/db';
import { KYSELY } from '../database/database.module.js';
import type { Executor, ExecutorBound } from '../database/transaction-runner.js';

@Injectable()
export class UsersRepository implements ExecutorBound<UsersRepository> {
  constructor(@Inject(KYSELY) private readonly db: Executor) {}

  withExecutor(executor: Executor): UsersRepository {
    return new UsersRepository(executor);
  }

  findById(id: string): Promise<User | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** In a transaction: locks the user's row until it ends, so an author posts one comment at a time, on every node. */
  lockById(id: string): Promise<User | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  findByUsername(username: string): Promise<User | undefined> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where(sql<string>`lower(username)`, '=', username.toLowerCase())
      .executeTakeFirst();
  }

  /** The user linked to this single-sign-on subject (the host's user id). */
  findBySsoSubject(ssoSubject: string): Promise<User | undefined> {
    return this.db.selectFrom('users').selectAll().where('ssoSubject', '=', ssoSubject).executeTakeFirst();
  }

  /**
   * Inserts a single-sign-on user (no password); returns undefined when the username is taken in
   * any letter case or the subject is already linked (a concurrent first sign-in): the caller looks again.
   */
  createSsoUser(user: {
    username: string;
    displayName: string;
    ssoSubject: string;
  }): Promise<User | undefined> {
    return this.db
      .insertInto('users')
      .values({ ...user, passwordHash: null })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  /** Inserts a user; returns undefined when the username is taken in any letter case. */
  async create(user: NewUser): Promise<User | undefined> {
    return this.db
      .insertInto('users')
      .values(user)
      .onConflict((oc) => oc.expression(sql`lower(username)`).doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  update(
    id: string,
    changes: Partial<
      Pick<
        User,
        'role' | 'status' | 'suspendedUntil' | 'banReason' | 'alwaysPremod' | 'passwordHash' | 'displayName'
      >
    >,
  ): Promise<User | undefined> {
    return this.db.updateTable('users').set(changes).where('id', '=', id).returningAll().executeTakeFirst();
  }
}
