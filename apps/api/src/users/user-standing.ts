import type { SanctionAction } from '@parley/shared';

/**
 * Raised after commit when a moderator or admin changed a person's standing (suspended, banned,
 * unbanned, pre-moderated, a new role). Users, not moderation, defines it: whoever shows people
 * (the moderation drawer) listens without importing the feature that sanctions them.
 */
export const USER_STANDING_CHANGED = 'user.standing_changed';

export interface UserStandingChanged {
  userId: string;
  action: SanctionAction;
}

declare module '../events/domain-events.js' {
  interface DomainEventMap {
    [USER_STANDING_CHANGED]: UserStandingChanged;
  }
}
