import { Injectable } from '@nestjs/common';

/** This node's "a row was just committed": the worker listens, so a fresh row does not wait for a poll. */
@Injectable()
export class OutboxWakeup {
  private listener: (() => void) | undefined;

  listen(listener: () => void): void {
    this.listener = listener;
  }

  notify(): void {
    this.listener?.();
  }
}
