import { isStaff } from '@parley/shared/values';
import { watch } from 'vue';
import type { Router } from 'vue-router';
import { staffAccessNotice, type useSessionStore } from './stores/session.js';

type SessionStore = ReturnType<typeof useSessionStore>;

/**
 * Staff screens (routes with `meta.staff`) close when the signed-in account has a staff role but
 * no staff powers: suspended, or demoted while on one (the server says so with `account:changed`,
 * and the session store reloads who is signed in). The user lands on the home page with a notice
 * saying why, without a reload. Readers and visitors still see the page itself, which explains
 * what it needs; a session that ended shows the sign-in form there.
 */
export function closeStaffScreensWithoutAccess(router: Router, session: SessionStore): void {
  router.beforeEach((to) => {
    if (!to.meta.staff || !session.me || !isStaff(session.me) || session.staff) return true;
    session.notice = staffAccessNotice(session.me);
    return { name: 'home' };
  });
  watch(
    () => session.staff,
    (staff, had) => {
      if (had && !staff && session.me && router.currentRoute.value.meta.staff)
        void router.replace({ name: 'home' });
    },
  );
}
