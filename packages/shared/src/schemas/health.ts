import { z } from 'zod';

/**
 * `GET /api/health`: 200 `ok` or `degraded` (Redis away: each node still serves on its own), 503
 * `unavailable` (the database does not answer) or `draining` (the node is shutting down).
 */
export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded', 'unavailable', 'draining']),
  db: z.enum(['postgres', 'pglite']),
  /** Absent when the node runs without Redis. */
  redis: z.enum(['up', 'down']).optional(),
  /** The local toxicity model this node loaded (PARLEY_TOXICITY_MODEL_DIR); absent without one. */
  toxicityModel: z.object({ name: z.string(), sha256: z.string() }).optional(),
});
export type Health = z.infer<typeof healthSchema>;

/**
 * `GET /api/version`: which build this node runs and how far its database is migrated. Public, like
 * the version endpoints of Gitea or Mastodon: the code is open, and deploy checks and load
 * balancers ask without an account.
 */
export const versionSchema = z.object({
  /** The API package's version (apps/api/package.json). */
  version: z.string(),
  /** The git commit it was built from (PARLEY_COMMIT, else stamped at build); null when unknown. */
  commit: z.string().nullable(),
  migrations: z.object({
    /** How many migrations the database has run. */
    applied: z.number().int().nonnegative(),
    /** The name of the last one, null on a database never migrated. */
    latest: z.string().nullable(),
    /** Migrations this node knows that the database has not run (0 once it has started). */
    pending: z.number().int().nonnegative(),
  }),
});
export type Version = z.infer<typeof versionSchema>;
