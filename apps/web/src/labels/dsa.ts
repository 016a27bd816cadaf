/** The words of the Notices tab (DSA notice and action). Category, action and outcome names come from shared. */
export const DSA_LABELS = {
  open: 'Open',
  decided: 'Decided',
  filter: 'Show notices',
  none: 'No notices here.',
  appealsTitle: 'Appeals waiting for a decision',
  noAppeals: 'No appeals waiting.',
  review: 'Take under review',
  decide: 'Decide',
  action: 'Action',
  facts: 'Facts and circumstances',
  ground: 'Legal or terms ground',
  automated: 'Automated means were used in this decision',
  redress: 'Redress open to the author and notifier',
  submitDecision: 'Send decision and statement of reasons',
  outcome: 'Outcome',
  explanation: 'Reasons for the outcome',
  submitAppeal: 'Decide appeal',
  report: 'Transparency report',
  from: 'From',
  to: 'To',
  downloadCsv: 'Download CSV',
} as const;

/** What a moderator starts the redress field with: the options every decision leaves open. */
export const DEFAULT_REDRESS =
  'You may appeal this decision within six months through the link in this message. You may also refer it to a certified out-of-court dispute settlement body, or go to court.';
