import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { ApiErrorBody } from '@parley/shared';
import { ERRORS } from '@parley/shared';
import { DEFAULT_LOCALE } from '@parley/shared/i18n';
import type { Request, Response } from 'express';
import { localizeErrorBody } from '../i18n/localized-error.js';
import { requestLocale } from '../i18n/request-locale.js';
import { DatabaseOutage } from '../database/database.module.js';
import { AppError } from './app-error.js';
import { isDatabaseUnavailable } from './database-errors.js';

/**
 * Postgres refusing a character it cannot store: 22021 (character_not_in_repertoire, e.g. U+0000)
 * and 22P05 (untranslatable_character). The shared text rule refuses these before they get here;
 * this is the backstop for any text that reaches the database another way.
 */
const UNSTORABLE_TEXT_CODES = new Set(['22021', '22P05']);

function isUnstorableText(exception: unknown): boolean {
  const code = (exception as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNSTORABLE_TEXT_CODES.has(code);
}

/**
 * Every HTTP error leaves as an `ApiErrorBody`; unknown failures are logged and never leaked. A
 * database that cannot be reached is a 503 `server/unavailable` (retry later), not a 500, and is
 * logged once for the whole outage rather than once per request. Messages follow Accept-Language.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(private readonly databaseOutage: DatabaseOutage) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    const [status, english] = this.toBody(exception);
    // In the language the page asked for (Accept-Language); English when it names none Parley speaks.
    const body = localizeErrorBody(english, requestLocale(request, DEFAULT_LOCALE));
    if (response.headersSent) return;
    if (status === 429 && typeof body.details?.retryAfterSeconds === 'number') {
      response.setHeader('Retry-After', String(body.details.retryAfterSeconds));
    }
    response.status(status).json(body);
  }

  private toBody(exception: unknown): [number, ApiErrorBody] {
    if (exception instanceof AppError) return [exception.status, exception.toBody()];
    if (isDatabaseUnavailable(exception)) {
      this.databaseOutage.down(exception);
      return [503, new AppError('server/unavailable').toBody()];
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 404)
        return [404, { code: 'request/not_found', message: ERRORS['request/not_found'].message }];
      if (status < 500) {
        // Express body-parser failures (malformed JSON, too large) arrive here as 400/413.
        const message =
          status === 413
            ? 'The request body is too large.'
            : exception instanceof SyntaxError || /JSON/.test(exception.message)
              ? 'Invalid request: the body is not valid JSON.'
              : `Invalid request: ${exception.message}`;
        return [status, { code: 'request/invalid', message }];
      }
    }
    if (isUnstorableText(exception)) {
      return [
        400,
        {
          code: 'request/invalid',
          message:
            'Invalid request: the text contains a character that cannot be stored (such as U+0000). Remove it and try again.',
        },
      ];
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    return [500, { code: 'server/internal', message: ERRORS['server/internal'].message }];
  }
}
