import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogConfig } from '../config/log-config.js';
import { REDACTED_PATHS, scrubMessage } from './redaction.js';
import { requestContext } from './request-context.js';

/**
 * Nest's start-up chatter, one line per module, controller and route (~70 lines): debug, so an
 * info-level start shows what an operator needs (listening address, database, Redis, version).
 */
const START_UP_DETAIL = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'WebSocketsController',
  'NestFactory',
  'NestApplication',
]);

/** Builds the pino logger: JSON lines on stdout, or pino-pretty's lines for people. Synchronous, so `process.exit` loses nothing. */
export function createPino(config: LogConfig, destination?: DestinationStream): Logger {
  const stream =
    destination ??
    (config.format === 'pretty'
      ? pretty({ sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' })
      : pino.destination({ dest: 1, sync: true }));
  return pino(
    {
      level: config.level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // The request (or the outbox job's request) this line was written for.
      mixin: () => {
        const context = requestContext.current();
        if (!context) return {};
        return context.userId
          ? { requestId: context.requestId, userId: context.userId }
          : { requestId: context.requestId };
      },
    },
    stream,
  );
}

/**
 * Nest's LoggerService over pino: every `new Logger(context)` in the app and in Nest itself writes
 * through it once the app is created with it. A message that is an object becomes the line's fields
 * (its `msg` the text); message texts are scrubbed of email addresses and URL credentials.
 */
export class ParleyLogger implements LoggerService {
  constructor(readonly pino: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /** Nest calls `error(message, stack?, context?)`. */
  error(message: unknown, ...rest: unknown[]): void {
    const context = takeContext(rest);
    const stack = rest.find((item): item is string => typeof item === 'string');
    const fields: Record<string, unknown> = {};
    if (message instanceof Error) {
      // Not `err`: pino's serializer would take the scrubbed copy for a plain object.
      fields.error = { type: message.name, message: scrub(message.message), stack: scrub(message.stack) };
    } else if (stack) {
      fields.stack = scrubMessage(stack);
    }
    this.emit('error', context, message instanceof Error ? message.message : message, fields);
  }

  private write(level: Level, message: unknown, rest: unknown[]): void {
    const context = takeContext(rest);
    const effective = level === 'info' && context && START_UP_DETAIL.has(context) ? 'debug' : level;
    this.emit(effective, context, message, {});
  }

  private emit(
    level: Level,
    context: string | undefined,
    message: unknown,
    fields: Record<string, unknown>,
  ): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const line: Record<string, unknown> = { ...fields };
    if (context) line.context = context;
    if (message !== null && typeof message === 'object' && !(message instanceof Error)) {
      const { msg, ...objectFields } = message as Record<string, unknown>;
      Object.assign(line, objectFields);
      this.pino[level](line, scrubMessage(String(msg ?? '')));
      return;
    }
    this.pino[level](line, scrubMessage(String(message)));
  }
}

/** Nest passes the logger's context as the last argument. */
function takeContext(rest: unknown[]): string | undefined {
  const last = rest.at(-1);
  if (typeof last !== 'string') return undefined;
  rest.pop();
  return last;
}

function scrub(text: string | undefined): string | undefined {
  return text === undefined ? undefined : scrubMessage(text);
}
