import { SEEDED_STORY_SLUG } from '@parley/db';
import { slugSchema } from '@parley/shared';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '@parley/shared/i18n';
import { z } from 'zod';
import { logVariables, type LogConfig } from './log-config.js';
import {
  emptyAsUndefined,
  milliseconds,
  parseTrustProxy,
  redactPassword,
  wholeNumber,
} from './env-values.js';
import { outboxConfig, outboxEnv, type OutboxConfig } from './outbox-config.js';
import { importEnv, importJobsConfig, type ImportJobsConfig } from './import-config.js';
import { toxicityConfig, toxicityEnv, type ToxicityConfig } from './toxicity-config.js';
import {
  moderationHookConfig,
  moderationHookEnv,
  type ModerationHookConfig,
} from './moderation-hook-config.js';

const postgresUrl = z.url({
  protocol: /^postgres(ql)?$/,
  error: 'must be a postgres:// URL, e.g. postgres://user@127.0.0.1:5432/parley',
});
const redisUrl = z.url({
  protocol: /^rediss?$/,
  error: 'must be a redis:// URL, e.g. redis://127.0.0.1:6379',
});

/** Every environment variable Parley reads. Documented in the README; keep the two in step. */
const envSchema = z.object({
  PORT: wholeNumber(0, 65535, 3000),
  HOST: z.preprocess(emptyAsUndefined, z.string().default('0.0.0.0')),
  DATABASE_URL: z.preprocess(emptyAsUndefined, postgresUrl.optional()),
  DATABASE_POOL_SIZE: wholeNumber(1, 500, 10),
  /** Longest wait for a Postgres connection (new, or free in the pool) before a request fails with 503. */
  DATABASE_CONNECT_TIMEOUT_MS: milliseconds(100, 60_000, 3000),
  /** Postgres `statement_timeout` of every connection; the client gives up 2 s later. */
  DATABASE_STATEMENT_TIMEOUT_MS: milliseconds(100, 600_000, 10_000),
  PARLEY_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('./.parley-data')),
  REDIS_URL: z.preprocess(emptyAsUndefined, redisUrl.optional()),
  /** Longest wait for any Redis command; past it the command fails and the node falls back to local state. */
  REDIS_COMMAND_TIMEOUT_MS: milliseconds(50, 60_000, 1000),
  PARLEY_ADMIN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9_.-]{3,32}:.{8,}$/, {
        error: 'must be username:password (password at least 8 characters)',
      })
      .optional(),
  ),
  /**
   * Origins allowed to use the API from a browser, comma-separated: the host sites that embed the
   * comments, and Parley's own public origin. The request's own host is always allowed too.
   */
  PARLEY_ORIGINS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .refine((value) => splitList(value).every(isOrigin), {
        error:
          'must be origins separated by commas, each scheme://host[:port] without a path or trailing slash, e.g. https://news.example.org,https://comments.example.org',
      })
      .optional(),
  ),
  /**
   * The shared secret(s) host sites sign SSO tokens with (HS256). Two, comma-separated, while a
   * rotation is under way. Unset: no single sign-on.
   */
  PARLEY_SSO_SECRET: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .refine((value) => splitList(value).length <= 2, {
        error:
          'holds at most two secrets separated by a comma (the new one and, during a rotation, the old one)',
        abort: true,
      })
      .refine((value) => splitList(value).every((secret) => secret.length >= 32), {
        error:
          'must be at least 32 characters (each secret, when there are two); e.g. `openssl rand -base64 32`',
      })
      .optional(),
  ),
  /** Prefix of every Redis key and channel, so several deployments (or test runs) can share one Redis. */
  PARLEY_REDIS_PREFIX: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[\w.-]{1,64}$/, { error: 'must be 1 to 64 letters, digits, dots, dashes or underscores' })
      .default('parley'),
  ),
  /** Express "trust proxy": which hops' X-Forwarded-For to believe for the client address (login limits). */
  PARLEY_TRUST_PROXY: z.preprocess(emptyAsUndefined, z.string().default('loopback')),
  /** Accounts one address (or IPv6 /64) may register per hour. */
  PARLEY_SIGNUPS_PER_HOUR: wholeNumber(1, 1_000_000, 5),
  /** Live connections one address (or IPv6 /64) may hold on one node. */
  PARLEY_SOCKETS_PER_ADDRESS: wholeNumber(1, 1_000_000, 100),
  /** Events one socket may send per minute; past twice as many in a minute it is disconnected. */
  PARLEY_SOCKET_EVENTS_PER_MINUTE: wholeNumber(1, 1_000_000, 120),
  /** Longest a first page stays in a node's cache (a backstop: writes invalidate it at once). 0 turns the cache off. */
  PARLEY_THREAD_CACHE_TTL_MS: milliseconds(0, 600_000, 5000),
  /** Memory one node gives its cached first pages (their JSON text), in megabytes. */
  PARLEY_THREAD_CACHE_MB: wholeNumber(1, 4096, 64, 'megabytes'),
  /** Whether resolve may create a story on a page's first view (from an allowed origin); false: admins only. */
  PARLEY_LAZY_STORIES: z.preprocess(
    emptyAsUndefined,
    z.enum(['true', 'false'], { error: 'must be true or false' }).default('true'),
  ),
  /** The slug of the site's front story: the one its home page shows (GET /api/stories/default). */
  PARLEY_DEFAULT_STORY: z.preprocess(emptyAsUndefined, slugSchema.default(SEEDED_STORY_SLUG)),
  /** The site's language when a reader has neither chosen one nor sent Accept-Language we speak. */
  PARLEY_DEFAULT_LOCALE: z.preprocess(emptyAsUndefined, z.enum(LOCALES).default(DEFAULT_LOCALE)),
  /** Stories one address (or IPv6 /64) may create through resolve per hour (URL moves by id count too). */
  PARLEY_STORIES_PER_HOUR: wholeNumber(1, 1_000_000, 30),
  /** Longest wait for a webhook receiver's answer; past it the attempt fails and is retried. */
  PARLEY_WEBHOOK_TIMEOUT_MS: milliseconds(100, 60_000, 10_000),
  /** Port of the Prometheus endpoint (GET /metrics), a listener of its own; unset: none. */
  PARLEY_METRICS_PORT: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: 'must be a port number' })
      .int({ error: 'must be a whole number' })
      .min(0, { error: 'must be between 0 and 65535' })
      .max(65535, { error: 'must be between 0 and 65535' })
      .optional(),
  ),
  /** Whether webhooks may reach loopback, private, link-local and other non-public addresses. */
  PARLEY_WEBHOOK_ALLOW_PRIVATE: z.preprocess(
    emptyAsUndefined,
    z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  ),
  PARLEY_WEB_DIST: z.preprocess(emptyAsUndefined, z.string().optional()),
  PARLEY_SECURE_COOKIES: z.preprocess(emptyAsUndefined, z.enum(['true', 'false']).default('false')),
  /** Where readers reach the site, e.g. https://comments.example.org: links in emails start with it. */
  PARLEY_PUBLIC_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s):// URL, e.g. https://comments.example.org' })
      .optional(),
  ),
  /** SMTP server for notification email; without it no email is sent and email options are hidden. */
  SMTP_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({
        protocol: /^smtps?$/,
        error: 'must be an smtp:// or smtps:// URL, e.g. smtps://user:password@mail.example.org:465',
      })
      .optional(),
  ),
  /** The From of every email, e.g. "Parley <comments@example.org>". */
  PARLEY_MAIL_FROM: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[^\r\n]*<?[^\s@<>]+@[^\s@<>]+>?$/, {
        error: 'must be an address, e.g. comments@example.org or "Parley <comments@example.org>"',
      })
      .optional(),
  ),
  /** Emails one address may be sent per day, every kind together; past it they are dropped. */
  PARLEY_MAIL_PER_RECIPIENT_PER_DAY: wholeNumber(1, 1_000_000, 20),
  /** The git commit this build came from, set where the image is built (GET /api/version). */
  PARLEY_COMMIT: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[0-9a-f]{7,40}$/i, { error: 'must be a git commit hash (7 to 40 hexadecimal digits)' })
      .optional(),
  ),
  ...logVariables,
  NODE_ENV: z.preprocess(emptyAsUndefined, z.string().default('production')),
  ...moderationHookEnv,
  ...toxicityEnv,
  ...importEnv,
  ...outboxEnv,
});

export interface Config {
  port: number;
  host: string;
  /** PARLEY_METRICS_PORT; undefined: no metrics listener. */
  metricsPort: number | undefined;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  databaseConnectTimeoutMs: number;
  databaseStatementTimeoutMs: number;
  dataDir: string;
  redisUrl: string | undefined;
  redisCommandTimeoutMs: number;
  redisPrefix: string;
  admin: { username: string; password: string } | undefined;
  /** Host sites' origins and Parley's own public origin (the request's own host is always allowed as well). */
  allowedOrigins: string[];
  /** HS256 secrets SSO tokens may be signed with (the first is current; a second during a rotation). Empty: no SSO. */
  ssoSecrets: string[];
  /** Registrations allowed per address (IPv6: per /64) per hour. */
  signupsPerHour: number;
  /** Live connections one address (IPv6: one /64) may hold on this node. */
  socketsPerAddress: number;
  /** Events one socket may send per minute (twice as many: disconnected). */
  socketEventsPerMinute: number;
  /** Anonymous first pages: how long one may be served from memory (0: never), and the bytes per node. */
  threadCacheTtlMs: number;
  threadCacheBytes: number;
  /** Resolve creates stories on first view (PARLEY_LAZY_STORIES). */
  lazyStories: boolean;
  /** Stories one address (IPv6: one /64) may create through resolve per hour. */
  storiesPerHour: number;
  /** Slug of the story the site's home page shows (PARLEY_DEFAULT_STORY). */
  defaultStory: string;
  /** PARLEY_DEFAULT_LOCALE. */
  defaultLocale: Locale;
  outbox: OutboxConfig;
  imports: ImportJobsConfig;
  webhookTimeoutMs: number;
  /** PARLEY_WEBHOOK_ALLOW_PRIVATE: receivers on non-public addresses are allowed. */
  webhookAllowPrivate: boolean;
  webDist: string | undefined;
  /** Hop count, true/false, or addresses and subnets (`loopback`, `uniquelocal`, `10.0.0.0/8`, …). */
  trustProxy: string | number | boolean;
  secureCookies: boolean;
  /** Origin readers reach the site at (no trailing slash); links in emails start with it. */
  publicUrl: string | undefined;
  /** Outbound mail; undefined when SMTP_URL is unset (no email at all). */
  mail: { smtpUrl: string; from: string; perRecipientPerDay: number } | undefined;
  /** PARLEY_COMMIT: the build's git commit, when the environment names it. */
  commit: string | undefined;
  log: LogConfig;
  /** The external moderation hook; undefined when PARLEY_MODERATION_HOOK_URL is unset (no call, no change). */
  moderationHook: ModerationHookConfig | undefined;
  /** Local toxicity scoring; undefined when PARLEY_TOXICITY_MODEL_DIR is unset (nothing loads). */
  toxicity: ToxicityConfig | undefined;
}

export class ConfigError extends Error {}

/** Variables whose value never appears in a boot error. */
const SECRET_VARIABLES = new Set(['PARLEY_ADMIN', 'PARLEY_SSO_SECRET', 'PARLEY_MODERATION_HOOK_SECRET']);

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Exactly what a browser sends as Origin: scheme, host and port, nothing more. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return /^https?:$/.test(url.protocol) && url.origin === value;
  } catch {
    return false;
  }
}

/** Parses the environment once at boot; throws a ConfigError whose message is one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0]);
    const raw = env[variable];
    const shown =
      raw === undefined || SECRET_VARIABLES.has(variable) ? '' : ` (got "${redactPassword(raw)}")`;
    throw new ConfigError(`Invalid configuration: ${variable} ${issue.message}${shown}`);
  }
  const value = parsed.data;
  const hook = moderationHookConfig(value);
  if (typeof hook === 'string') throw new ConfigError(`Invalid configuration: ${hook}`);
  const [adminName, ...adminPassword] = value.PARLEY_ADMIN?.split(':') ?? [];
  return {
    port: value.PORT,
    host: value.HOST,
    metricsPort: value.PARLEY_METRICS_PORT,
    databaseUrl: value.DATABASE_URL,
    databasePoolSize: value.DATABASE_POOL_SIZE,
    databaseConnectTimeoutMs: value.DATABASE_CONNECT_TIMEOUT_MS,
    databaseStatementTimeoutMs: value.DATABASE_STATEMENT_TIMEOUT_MS,
    dataDir: value.PARLEY_DATA_DIR,
    redisUrl: value.REDIS_URL,
    redisCommandTimeoutMs: value.REDIS_COMMAND_TIMEOUT_MS,
    redisPrefix: value.PARLEY_REDIS_PREFIX,
    admin: adminName ? { username: adminName, password: adminPassword.join(':') } : undefined,
    allowedOrigins: splitList(value.PARLEY_ORIGINS ?? ''),
    ssoSecrets: splitList(value.PARLEY_SSO_SECRET ?? ''),
    signupsPerHour: value.PARLEY_SIGNUPS_PER_HOUR,
    socketsPerAddress: value.PARLEY_SOCKETS_PER_ADDRESS,
    socketEventsPerMinute: value.PARLEY_SOCKET_EVENTS_PER_MINUTE,
    threadCacheTtlMs: value.PARLEY_THREAD_CACHE_TTL_MS,
    threadCacheBytes: value.PARLEY_THREAD_CACHE_MB * 1024 * 1024,
    lazyStories: value.PARLEY_LAZY_STORIES === 'true',
    storiesPerHour: value.PARLEY_STORIES_PER_HOUR,
    defaultStory: value.PARLEY_DEFAULT_STORY,
    defaultLocale: value.PARLEY_DEFAULT_LOCALE,
    outbox: outboxConfig(value),
    imports: importJobsConfig(value),
    webhookTimeoutMs: value.PARLEY_WEBHOOK_TIMEOUT_MS,
    webhookAllowPrivate: value.PARLEY_WEBHOOK_ALLOW_PRIVATE === 'true',
    webDist: value.PARLEY_WEB_DIST,
    trustProxy: parseTrustProxy(value.PARLEY_TRUST_PROXY),
    secureCookies: value.PARLEY_SECURE_COOKIES === 'true',
    publicUrl: value.PARLEY_PUBLIC_URL?.replace(/\/+$/, ''),
    mail: value.SMTP_URL
      ? {
          smtpUrl: value.SMTP_URL,
          from: value.PARLEY_MAIL_FROM ?? `parley@${new URL(value.SMTP_URL).hostname}`,
          perRecipientPerDay: value.PARLEY_MAIL_PER_RECIPIENT_PER_DAY,
        }
      : undefined,
    commit: value.PARLEY_COMMIT?.toLowerCase(),
    log: { format: value.PARLEY_LOG_FORMAT, level: value.PARLEY_LOG_LEVEL },
    moderationHook: hook,
    toxicity: toxicityConfig(value),
  };
}

export const CONFIG = Symbol('Config');
