import { createRouter, createWebHistory } from 'vue-router';

declare module 'vue-router' {
  interface RouteMeta {
    /** A staff screen: closed to an account whose staff powers end (staff-access.ts). */
    staff?: boolean;
  }
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    {
      path: '/',
      name: 'home',
      // The front story: the page asks the server which one it is.
      component: () => import('./pages/ArticlePage.vue'),
    },
    {
      path: '/stories/:slug',
      name: 'story',
      component: () => import('./pages/ArticlePage.vue'),
      props: true,
    },
    // The old address of every story's page; permalinks (`?comment=`) keep working.
    {
      path: '/articles/:slug',
      name: 'article',
      redirect: (to) => ({ name: 'story', params: to.params, query: to.query, hash: to.hash }),
    },
    {
      path: '/comments/:id',
      name: 'comment',
      component: () => import('./pages/CommentPage.vue'),
      props: true,
    },
    { path: '/account', name: 'account', component: () => import('./pages/AccountPage.vue') },
    // A decision on a notice of illegal content: the author's statement of reasons, and the appeal form.
    {
      path: '/appeal/:noticeId',
      name: 'appeal',
      component: () => import('./pages/AppealPage.vue'),
      props: true,
    },
    {
      path: '/moderate',
      name: 'moderate',
      component: () => import('./pages/ModeratePage.vue'),
      meta: { staff: true },
    },
    { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue') },
  ],
  // Permalinks scroll themselves once their comment is on screen; a new query on the same page keeps the place.
  scrollBehavior: (to, from) => {
    if (to.hash || to.query.comment) return false;
    if (to.path === from.path) return false;
    return { top: 0 };
  },
});
