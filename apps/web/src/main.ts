import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router.js';
import { closeStaffScreensWithoutAccess } from './staff-access.js';
import { useSessionStore } from './stores/session.js';
import './styles.css';

const app = createApp(App).use(createPinia()).use(router);
closeStaffScreensWithoutAccess(router, useSessionStore());
app.mount('#app');
