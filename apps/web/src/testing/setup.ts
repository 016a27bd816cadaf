import { config } from '@vue/test-utils';
import { testLocalization } from './localization.js';

// Every mounted component speaks English unless a spec installs another localization itself.
config.global.plugins.push(await testLocalization('en'));
