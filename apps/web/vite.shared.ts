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
