import { z } from 'zod';
import { emptyAsUndefined, milliseconds, wholeNumber } from './env-values.js';

/** The external moderation hook's variables (README "Automatic moderation"), part of config.ts's schema. */
export const moderationHookEnv = {
  /** Where every new comment and edit is POSTed for an opinion; unset: no hook, no call. */
  PARLEY_MODERATION_HOOK_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({
        protocol: /^https?$/,
        error: 'must be an http(s):// URL, e.g. https://moderation.example.org/parley',
      })
      .optional(),
  ),
  /** The HMAC key of the X-Parley-Signature header on every call (as webhook deliveries are signed). */
  PARLEY_MODERATION_HOOK_SECRET: z.preprocess(
    emptyAsUndefined,
    z.string().min(32, { error: 'must be at least 32 characters; e.g. `openssl rand -hex 32`' }).optional(),
  ),
  /** How long a post or edit waits for the hook's answer; past it the comment goes on without one. */
  PARLEY_MODERATION_HOOK_BUDGET_MS: milliseconds(50, 10_000, 800),
  /** Failed calls in a row (timeouts, errors, bad answers) after which calls stop for the cool-down. */
  PARLEY_MODERATION_HOOK_BREAKER_FAILURES: wholeNumber(1, 1000, 5),
  /** How long calls stay stopped once the breaker opened; then one call tries the hook again. */
  PARLEY_MODERATION_HOOK_BREAKER_COOLDOWN_MS: milliseconds(100, 3_600_000, 30_000),
};

type HookEnv = z.output<z.ZodObject<typeof moderationHookEnv>>;

export interface ModerationHookConfig {
  url: string;
  secret: string;
  budgetMs: number;
  breakerFailures: number;
  breakerCooldownMs: number;
}

/**
 * The hook's settings, undefined when no URL is set, or a message naming the variable when they do
 * not fit together: an unsigned call could not be told from a forged one, so a URL needs a secret.
 */
export function moderationHookConfig(value: HookEnv): ModerationHookConfig | undefined | string {
  const url = value.PARLEY_MODERATION_HOOK_URL;
  const secret = value.PARLEY_MODERATION_HOOK_SECRET;
  if (!url) {
    return secret
      ? 'PARLEY_MODERATION_HOOK_SECRET is set but PARLEY_MODERATION_HOOK_URL is not (set both, or neither)'
      : undefined;
  }
  if (!secret) {
    return 'PARLEY_MODERATION_HOOK_SECRET must be set when PARLEY_MODERATION_HOOK_URL is (the key calls are signed with; e.g. `openssl rand -hex 32`)';
  }
  return {
    url,
    secret,
    budgetMs: value.PARLEY_MODERATION_HOOK_BUDGET_MS,
    breakerFailures: value.PARLEY_MODERATION_HOOK_BREAKER_FAILURES,
    breakerCooldownMs: value.PARLEY_MODERATION_HOOK_BREAKER_COOLDOWN_MS,
  };
}
