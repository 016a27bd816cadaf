import type { DsaAction, DsaAppealOutcome, DsaCategory } from '@parley/db/schema';

/** The words for each notice category, the same in the reader's form, the Notices tab and the mails. */
export const DSA_CATEGORY_LABELS: Record<DsaCategory, string> = {
  child_sexual_abuse_material: 'Child sexual abuse material',
  illegal_hate_speech: 'Illegal hate speech',
  terrorist_content: 'Terrorist content',
  threats_or_incitement_to_violence: 'Threats or incitement to violence',
  defamation: 'Defamation',
  privacy_violation: 'Violation of privacy or personal data',
  intellectual_property: 'Intellectual property infringement',
  scams_and_fraud: 'Scams and fraud',
  other_illegal_content: 'Other illegal content',
};

export const DSA_ACTION_LABELS: Record<DsaAction, string> = {
  removed: 'Removed',
  restricted: 'Access restricted',
  no_action: 'No action',
};

export const DSA_APPEAL_OUTCOME_LABELS: Record<DsaAppealOutcome, string> = {
  upheld: 'Decision upheld',
  reversed: 'Decision reversed',
};
