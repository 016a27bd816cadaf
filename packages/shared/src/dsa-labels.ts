import type { DsaAction, DsaAppealOutcome, DsaCategory } from '@parley/db/schema';

// The words for each notice category, action and appeal outcome are one list in the catalogues
// (reader.json `dsa.*`, which every page loads and the api reads for mail): the reader's form, the
// appeal page, the Notices tab and the mails all name them from there, in the reader's language.

export const dsaCategoryKey = (category: DsaCategory) => `dsa.categories.${category}` as const;

export const dsaActionKey = (action: DsaAction) => `dsa.actions.${action}` as const;

export const dsaOutcomeKey = (outcome: DsaAppealOutcome) => `dsa.outcomes.${outcome}` as const;
