import { Injectable } from '@nestjs/common';

/**
 * The time as the outbox and delayed jobs see it. In production it is the system clock; tests move
 * it forward (`advance`) to make a 30-day delay or an expired lease happen now, without sleeping.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Tests only: every later `now()` is this much later. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
