import { createPinia } from 'pinia';
import { defineCustomElement } from 'vue';
import { configureConnection } from '../api/connection.js';
import { wordClientErrors } from '../api/http.js';
import { createLocalization } from '../i18n/localization.js';
import accountCss from '../components/account/account.css?inline';
import controlsCss from '../controls.css?inline';
import ParleyComments from './ParleyComments.ce.vue';
import embedCss from './embed.css?inline';
import { scriptOrigin, tokenStorage } from './host-page.js';

// Read while this script runs: later `document.currentScript` is whatever runs then.
const apiOrigin = scriptOrigin(document.currentScript as HTMLScriptElement | null, location.origin);

// One token per host page, shared by every element on it; memory keeps it if storage is blocked.
let token = tokenStorage.read();
configureConnection({
  baseUrl: apiOrigin,
  token: () => token,
  saveToken: (next) => {
    token = next;
    tokenStorage.write(next);
  },
});

export const ParleyCommentsElement = defineCustomElement(ParleyComments, {
  // Vue's shadow root is always open, so the host's tests and tools can reach inside.
  shadowRoot: true,
  // Each element has its own stores and language, like a page of the full app (catalogues are fetched once).
  configureApp: (app) => {
    const localization = createLocalization({ baseUrl: apiOrigin });
    // The API answers in the language of the element made last (a page rarely has two in two languages).
    configureConnection({ locale: () => localization.locale.value });
    wordClientErrors(localization.t);
    app.use(createPinia()).use(localization);
  },
  // These options replace the component's own styles, so they are listed again after the shared ones.
  styles: [controlsCss, embedCss, accountCss, ...((ParleyComments as { styles?: string[] }).styles ?? [])],
});

if (!customElements.get('parley-comments')) customElements.define('parley-comments', ParleyCommentsElement);
