// The injection tokens on their own, so that providers of the database module (TransactionRunner)
// can import them without importing the module that imports them.

export const DATABASE = Symbol('Database');
/** The Kysely handle; inject with `@Inject(KYSELY) db: Kysely<DB>` in repositories only. */
export const KYSELY = Symbol('Kysely');
