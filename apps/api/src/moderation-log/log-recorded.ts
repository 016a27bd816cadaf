/** Raised after the transaction that wrote a moderation log row committed: the moderation room hears of it. */
export const LOG_RECORDED = 'moderation-log.recorded';

export interface LogRecorded {
  id: string;
}

declare module '../events/domain-events.js' {
  interface DomainEventMap {
    [LOG_RECORDED]: LogRecorded;
  }
}
