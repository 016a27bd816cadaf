import type { LoginRequest, Me, RegisterRequest, ServerToClientEvents } from '@parley/shared';
import { isStaff } from '@parley/shared/values';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { authApi } from '../api/auth.js';
import { currentConnection } from '../api/connection.js';
import { reconnectSocket } from '../api/socket.js';

type SessionEndReason = Parameters<ServerToClientEvents['session:ended']>[0]['reason'];

/**
 * Who is signed in. The session itself is an httpOnly cookie (or, in the embed, a bearer token the
 * connection keeps); this mirrors `GET /api/auth/me`.
 */
export const useSessionStore = defineStore('session', () => {
  const me = ref<Me | null>(null);
  const loaded = ref(false);
  /** Set when an action needs a signed-in user; the sign-in form shows it and takes focus. */
  const signInPrompt = ref<{ reason: string; at: number } | null>(null);
  const notice = ref<string | null>(null);
  let signingOut = false;

  const staff = computed(() => isStaff(me.value));

  async function load(): Promise<void> {
    try {
      me.value = await authApi.me();
    } catch {
      me.value = null;
    } finally {
      loaded.value = true;
    }
  }

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
    notice.value = reason === 'signed out' ? 'You were signed out.' : `You were signed out: ${reason}.`;
    afterChange();
  }

  function promptSignIn(reason = 'Sign in to join the discussion.'): void {
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
    signIn,
    register,
    signInWithSso,
    signOut,
    ended,
    promptSignIn,
  };
});
