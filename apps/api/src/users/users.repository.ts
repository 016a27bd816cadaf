import { Inject, Injectable } from '@nestjs/common';
import { sql, type DB, type Kysely, type NewUser, type Transaction, type User } from '@parley/db';
import { KYSELY } from '../database/database.module.js';

type Executor = Kysely<DB> | Transaction<DB>;

@Injectable()
export class UsersRepository {
  constructor(@Inject(KYSELY) private readonly db: Kysely<DB>) {}

  findById(id: string, executor: Executor = this.db): Promise<User | undefined> {
    return executor.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Locks the user's row for the rest of the transaction: one post at a time per author, on every node. */
  lockById(trx: Transaction<DB>, id: string): Promise<User | undefined> {
    return trx.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  findByUsername(username: string): Promise<User | undefined> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where(sql<string>`lower(username)`, '=', username.toLowerCase())
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
      Pick<User, 'role' | 'status' | 'suspendedUntil' | 'banReason' | 'alwaysPremod' | 'passwordHash'>
    >,
    executor: Executor = this.db,
  ): Promise<User | undefined> {
    return executor.updateTable('users').set(changes).where('id', '=', id).returningAll().executeTakeFirst();
  }
}
