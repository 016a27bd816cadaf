import type { SocketEvent } from '../support/surface.js';
import { everyoneAck, type SocketRow } from './cells.js';

/**
 * One row per client event. `satisfies Record<SocketEvent, …>` makes a new event in
 * `ClientToServerEvents` a type error until it has a row; the test below checks the gateway too.
 */
export const SOCKET_ROWS = {
  // Reading is public: a banned reader's cookie is dead, so its socket listens as anonymous.
  'story:join': { payload: ({ slug }) => ({ slug }), expect: everyoneAck('ok') },
  'story:leave': { payload: ({ slug }) => ({ slug }), expect: everyoneAck('ok') },
  'article:join': { payload: ({ slug }) => ({ slug }), expect: everyoneAck('ok') },
  'article:leave': { payload: ({ slug }) => ({ slug }), expect: everyoneAck('ok') },
  'moderation:join': {
    payload: () => ({}),
    expect: {
      anonymous: 'auth/unauthenticated',
      reader: 'auth/forbidden',
      suspendedReader: 'auth/forbidden',
      bannedReader: 'auth/unauthenticated',
      moderator: 'ok',
      suspendedModerator: 'auth/forbidden',
      admin: 'ok',
    },
  },
} satisfies Record<SocketEvent, SocketRow>;
