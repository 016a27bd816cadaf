/// <reference types="node" />
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The api serves catalogues already parsed (packages/shared/src/i18n/compiled.ts), so the browser
 * builds swap the ICU parser inside intl-messageformat for its stub: about 8 KB gzip less in embed.js.
 */
export const withoutIcuParser = [
  {
    find: /^@formatjs\/icu-messageformat-parser$/,
    replacement: require.resolve('@formatjs/icu-messageformat-parser/no-parser.js'),
  },
];

/**
 * Browsers with `:dir()` (which right-to-left styles use): for older targets the CSS minifier
 * rewrites `:dir(rtl)` as a list of `:lang()`s, which misses an English page set to rtl and a
 * right-to-left embed on a page whose language says nothing.
 */
export const CSS_TARGET = ['chrome120', 'edge120', 'firefox115', 'safari16.4'];
