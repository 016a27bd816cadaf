import type { LoginRequest, Me, RegisterRequest, ServerToClientEvents } from '@parley/shared';
import { isStaff } from '@parley/shared/values';
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { authApi } from '../api/auth.js';
import { currentConnection } from '../api/connection.js';
import { reconnectSocket } from '../api/socket.js';
import type { Message } from '../i18n/message.js';

type SessionEndReason = Parameters<ServerToClientEvents['session:ended']>[0]['reason'];

/** Why a signed-in account with a staff role has no staff screens (suspended, banned, or demoted). */
export function staffAccessNotice(user: Me): Message {
  if (user.status === 'suspended') {
    // The date is formatted where the notice is shown, in the reader's language.
    return user.suspendedUntil
      ? { key: 'sessionNotice.suspendedUntil', values: { until: new Date(user.suspendedUntil) } }
      : { key: 'sessionNotice.suspended' };
  }
  if (user.status === 'banned') return { key: 'sessionNotice.banned' };
  return { key: 'sessionNotice.demoted' };
}

/**
 * Who is signed in. The session itself is an httpOnly cookie (or, in the embed, a bearer token the
 * connection keeps); this mirrors `GET /api/auth/me`.
 */
export const useSessionStore = defineStore('session', () => {
  const me = ref<Me | null>(null);
  const loaded = ref(false);
  /** Set when an action needs a signed-in user; the sign-in form shows it and takes focus. */
  const signInPrompt = ref<{ reason: string | null; at: number } | null>(null);
  const notice = ref<Message | null>(null);
  let signingOut = false;

  /** Staff powers now, as the server grants them: the role, and not suspended (nor banned). */
  const staff = computed(() => isStaff(me.value) && me.value?.status === 'active');

  async function load(): Promise<void> {
    try {
      me.value = await authApi.me();
    } catch {
      me.value = null;
    } finally {
      loaded.value = true;
    }
  }

  /**
   * Asks the server again who is signed in (the account's standing changed: `account:changed`).
   * Losing staff powers says why; the staff screens close themselves (staff-access.ts).
   */
  async function refresh(): Promise<void> {
    const hadStaffPowers = staff.value;
    try {
      me.value = await authApi.me();
    } catch {
      // Keep what we know; the next change or reload asks again.
      return;
    }
    if (hadStaffPowers && me.value && !staff.value) notice.value = staffAccessNotice(me.value);
  }

  // A suspension ends by the clock, with no event from the server: ask again when it should have.
  // setTimeout holds at most about 24 days; a longer one asks then, and arms again from the answer
  // (the same date: the watch below would not see a change).
  let suspensionTimer: ReturnType<typeof setTimeout> | undefined;
  function armSuspensionTimer(until: string | null): void {
    clearTimeout(suspensionTimer);
    if (!until) return;
    const wait = Math.min(Math.max(Date.parse(until) - Date.now(), 0) + 1000, 2 ** 31 - 1);
    const again = async () => {
      await refresh();
      if (me.value?.status === 'suspended' && me.value.suspendedUntil === until) armSuspensionTimer(until);
    };
    suspensionTimer = setTimeout(() => void again(), wait);
  }
  watch(() => (me.value?.status === 'suspended' ? me.value.suspendedUntil : null), armSuspensionTimer);

  async function signIn(body: LoginRequest): Promise<void> {
    me.value = await authApi.login(body);
    afterChange();
  }

  async function register(body: RegisterRequest): Promise<void> {
    me.value = await authApi.register(body);
    afterChange();
  }

  /** Single sign-on: the host site's signed token (embed only). */
  async function signInWithSso(token: string): Promise<void> {
    me.value = await authApi.sso(token);
    afterChange();
  }

  async function signOut(): Promise<void> {
    signingOut = true;
    try {
      await authApi.logout();
      me.value = null;
      afterChange();
    } finally {
      signingOut = false;
    }
  }

  /** The server ended the session (sign-out in another tab, ban): continue as a reader. */
  function ended(reason: SessionEndReason): void {
    // Our own sign-out also ends the session on the server; that needs no notice.
    if (!me.value || signingOut) return;
    me.value = null;
    // In the embed the bearer token died with the session.
    currentConnection().saveToken?.(null);
    notice.value = { key: 'sessionNotice.ended', values: { reason: reason.replaceAll(' ', '_') } };
    afterChange();
  }

  /** `reason`: why, in the reader's words; without one the form says what signing in is for. */
  function promptSignIn(reason: string | null = null): void {
    signInPrompt.value = { reason, at: Date.now() };
  }

  function afterChange(): void {
    signInPrompt.value = null;
    reconnectSocket();
  }

  return {
    me,
    loaded,
    staff,
    signInPrompt,
    notice,
    load,
    refresh,
    signIn,
    register,
    signInWithSso,
    signOut,
    ended,
    promptSignIn,
  };
});
