import { createRouter, createWebHistory } from 'vue-router';

export const DEFAULT_ARTICLE = 'lavrov-west-balkans-bridgehead';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'home', component: () => import('./pages/ArticlePage.vue'), props: { slug: DEFAULT_ARTICLE } },
    { path: '/articles/:slug', name: 'article', component: () => import('./pages/ArticlePage.vue'), props: true },
    { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue') },
  ],
  scrollBehavior: (to) => (to.hash ? false : { top: 0 }),
});
