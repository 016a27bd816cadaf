// Languages and message catalogues, read by the api (mail, errors, the catalogues it serves) and the
// web (every screen). The catalogues are JSON under packages/shared/locales/<locale>/<namespace>.json.
export * from './locales.js';
export * from './messages.js';
export * from './compiled.js';
