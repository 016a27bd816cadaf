import { z } from 'zod';
import { milliseconds, wholeNumber } from './env-values.js';

/** Import jobs' variables (README "Moving in"), part of config.ts's schema. */
export const importEnv = {
  /** Largest export file an admin may upload at /moderate, in megabytes (`parley import` has no limit). */
  PARLEY_IMPORT_MAX_MB: wholeNumber(1, 100_000, 200, 'megabytes'),
  /** How often each node looks for a queued import job. */
  PARLEY_IMPORT_POLL_MS: milliseconds(10, 600_000, 2000),
  /** How long a node holds an import job between renewals; past it (the node died), another node runs it. */
  PARLEY_IMPORT_LEASE_MS: milliseconds(1000, 3_600_000, 60_000),
};

type ImportEnv = z.output<z.ZodObject<typeof importEnv>>;

export interface ImportJobsConfig {
  /** Largest upload, in bytes (PARLEY_IMPORT_MAX_MB). */
  maxBytes: number;
  pollMs: number;
  leaseMs: number;
}

export function importJobsConfig(value: ImportEnv): ImportJobsConfig {
  return {
    maxBytes: value.PARLEY_IMPORT_MAX_MB * 1024 * 1024,
    pollMs: value.PARLEY_IMPORT_POLL_MS,
    leaseMs: value.PARLEY_IMPORT_LEASE_MS,
  };
}
