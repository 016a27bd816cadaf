import { Injectable } from '@nestjs/common';
import type { ParleySocket, SocketUser } from './realtime.types.js';

/** Who a socket's handshake speaks for, and the hash of its session (to close exactly its sockets). */
export interface SocketIdentity {
  user: SocketUser;
  sessionHash: string;
}

export type SocketIdentityResolver = (handshake: ParleySocket['handshake']) => Promise<SocketIdentity | null>;

/**
 * The feature that owns sessions (auth) registers how a handshake is resolved, at start: realtime
 * sits below auth (auth ends sockets through it), so it asks through this instead of importing auth.
 */
@Injectable()
export class SocketIdentities {
  private resolver: SocketIdentityResolver | undefined;

  resolveWith(resolver: SocketIdentityResolver): void {
    this.resolver = resolver;
  }

  /** Null for an anonymous socket (no credential, or one that is unknown or ended). */
  of(handshake: ParleySocket['handshake']): Promise<SocketIdentity | null> {
    if (!this.resolver)
      throw new Error('no socket identity resolver is registered (AuthModule registers one)');
    return this.resolver(handshake);
  }
}
