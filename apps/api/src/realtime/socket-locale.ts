import type { ApiErrorBody } from '@parley/shared';
import { isLocale, type Locale } from '@parley/shared/i18n';
import { localizeErrorBody } from '../i18n/localized-error.js';
import { acceptedLocale } from '../i18n/request-locale.js';
import type { ParleySocket } from './realtime.types.js';

/**
 * The language of a socket's answers: the handshake's `auth.locale` (the web sends the page's
 * current locale; a browser's websocket cannot set headers), else its Accept-Language, else English.
 */
export function socketLocale(socket: ParleySocket): Locale {
  const asked = (socket.handshake.auth as { locale?: unknown } | undefined)?.locale;
  return isLocale(asked) ? asked : acceptedLocale(socket.handshake.headers['accept-language']);
}

type AckAnswer = { ok: false; error: ApiErrorBody } | { ok: true };

/**
 * Wraps every event's acknowledgement so a failed one carries its error in the socket's language:
 * installed first on each connection, it covers the handlers and the event limit alike.
 */
export function localizeAcks(socket: ParleySocket): void {
  const locale = socketLocale(socket);
  socket.use((packet, next) => {
    const ack = packet.at(-1);
    if (typeof ack === 'function') {
      packet[packet.length - 1] = (answer: AckAnswer) =>
        (ack as (answer: unknown) => void)(
          answer && answer.ok === false
            ? { ...answer, error: localizeErrorBody(answer.error, locale) }
            : answer,
        );
    }
    next();
  });
}
