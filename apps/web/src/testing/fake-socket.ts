import type { ParleySocket } from '../api/socket.js';

type Listener = (...args: any[]) => void;

/** Just enough of a socket.io client to drive useLiveComments: connect, drop, and server events. */
export class FakeSocket {
  connected = false;
  id = 'fake-socket';
  readonly emitted: { event: string; payload: unknown }[] = [];
  joinAnswer: unknown = { ok: true, data: { readers: 3 } };
  private readonly listeners = new Map<string, Set<Listener>>();

  on(event: string, listener: Listener): this {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(listener);
    return this;
  }

  off(event: string, listener: Listener): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  emit(event: string, payload: unknown): this {
    this.emitted.push({ event, payload });
    return this;
  }

  timeout(_ms: number) {
    return {
      emitWithAck: (event: string, payload: unknown) => {
        this.emitted.push({ event, payload });
        return Promise.resolve(this.joinAnswer);
      },
    };
  }

  connect(): this {
    this.connected = true;
    this.fire('connect');
    return this;
  }

  drop(reason = 'transport close'): void {
    this.connected = false;
    this.fire('disconnect', reason);
  }

  /** The server sends an event. */
  fire(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
  }

  asSocket(): ParleySocket {
    return this as unknown as ParleySocket;
  }
}
