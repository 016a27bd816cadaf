import { createPinia } from 'pinia';
import { resolveLocale } from '@parley/shared/i18n';
import { createApp, watchEffect } from 'vue';
import App from './App.vue';
import { configureConnection } from './api/connection.js';
import { wordClientErrors } from './api/http.js';
import { createLocalization } from './i18n/localization.js';
import { router } from './router.js';
import { closeStaffScreensWithoutAccess } from './staff-access.js';
import { useSessionStore } from './stores/session.js';
import './styles.css';

const localization = createLocalization({});
configureConnection({ locale: () => localization.locale.value });
wordClientErrors(localization.t);
const app = createApp(App).use(createPinia()).use(router).use(localization);
closeStaffScreensWithoutAccess(router, useSessionStore());
// The moderation screens' words load with the first visit to one.
router.beforeEach(async (to) => {
  if (to.meta.staff) await localization.need(['moderate']);
});
// The page's language as the server chose it (<html lang>), until the reader's own preference arrives.
await localization.setLocale(resolveLocale([document.documentElement.lang]));
watchEffect(() => {
  document.documentElement.lang = localization.locale.value;
  document.documentElement.dir = localization.dir.value;
});
app.mount('#app');
