import { z } from 'zod';

/** pino's levels, most verbose first; `silent` writes nothing. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogConfig {
  format: 'json' | 'pretty';
  level: LogLevel;
}

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

/** The logging variables of the environment schema (config.ts); README, "Logs". */
export const logVariables = {
  /** `json`: one JSON object a line (production, log collectors); `pretty`: coloured lines for people. */
  PARLEY_LOG_FORMAT: z.preprocess(
    emptyAsUndefined,
    z.enum(['json', 'pretty'], { error: 'must be json or pretty' }).default('json'),
  ),
  /** The least severe level written; `debug` adds Nest's start-up detail (route mapping) and live emits. */
  PARLEY_LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  ),
};
