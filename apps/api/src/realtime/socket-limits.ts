import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../common/app-error.js';
import type { ParleySocket } from './realtime.types.js';

/** The window of the per-socket event limit. */
const EVENT_WINDOW_SECONDS = 60;

/**
 * Limits the events one socket may send: past `perMinute` in a minute each event is answered with
 * a `socket/rate_limited` ack and not handled; a socket that sends twice its allowance in one
 * minute (it ignored those answers) is disconnected. In-process and keyed by socket id: a socket
 * lives on one node, so nothing needs sharing.
 */
export class SocketEventLimiter {
  private readonly limiter: RateLimiterMemory;

  constructor(private readonly perMinute: number) {
    this.limiter = new RateLimiterMemory({ points: perMinute, duration: EVENT_WINDOW_SECONDS });
  }

  /** Installs the limit on one socket (from the gateway's connection handler). */
  guard(socket: ParleySocket): void {
    socket.use((packet, next) => {
      this.limiter.consume(socket.id).then(
        () => next(),
        (refusal: unknown) => {
          if (!(refusal instanceof RateLimiterRes)) return next(refusal as Error);
          if (refusal.consumedPoints > 2 * this.perMinute) {
            socket.disconnect(true);
            return;
          }
          const ack = packet.at(-1);
          if (typeof ack === 'function') {
            const retryAfterSeconds = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
            (ack as (answer: unknown) => void)({
              ok: false,
              error: new AppError('socket/rate_limited', { retryAfterSeconds }).toBody(),
            });
          }
        },
      );
    });
  }
}

/**
 * Counts the live connections of each address (IPv6: each /64) on this node and refuses one past
 * the cap. Per node: with N nodes an address may hold up to N × the cap (documented); a count in
 * Redis would outlive a crashed node's sockets and need its own clean-up.
 */
export class SocketsPerAddress {
  private readonly counts = new Map<string, number>();

  constructor(private readonly cap: number) {}

  /**
   * Takes a place for a new connection, or says there is none. `release` runs once when the
   * underlying connection closes, whether or not the socket ever finished connecting.
   */
  take(address: string): { release: () => void } | null {
    const count = this.counts.get(address) ?? 0;
    if (count >= this.cap) return null;
    this.counts.set(address, count + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const left = (this.counts.get(address) ?? 1) - 1;
        if (left > 0) this.counts.set(address, left);
        else this.counts.delete(address);
      },
    };
  }

  /** Live connections held by the address (tests, diagnostics). */
  held(address: string): number {
    return this.counts.get(address) ?? 0;
  }
}
