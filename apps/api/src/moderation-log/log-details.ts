import type { ModerationLogChange, ModerationLogValue } from '@parley/shared';

/** Decisions on a comment store its status before and after as `from`/`to` strings. */
const STATUS_ACTIONS = new Set(['approve', 'reject', 'feature', 'unfeature', 'auto_hold', 'auto_reject']);
/** Facts never shown: ids the entry already links by name. */
const HIDDEN_FACTS = new Set(['noteId']);

export interface DescribedDetails {
  changes: ModerationLogChange[];
  facts: Record<string, ModerationLogValue>;
}

/**
 * Turns a log row's stored details into what the log shows: `{ field: { from, to } }` entries (and
 * the shapes older rows and decisions were written in) become old → new changes; other values
 * that read as words, numbers or lists become facts. Objects of any other shape are left out.
 */
export function describeDetails(action: string, details: Record<string, unknown>): DescribedDetails {
  const changes: ModerationLogChange[] = [];
  const facts: Record<string, ModerationLogValue> = {};
  for (const [key, value] of Object.entries(details)) {
    if (HIDDEN_FACTS.has(key)) continue;
    if (isChange(value)) {
      changes.push({ field: key, from: shown(value.from), to: shown(value.to) });
    } else if (key === 'from' && typeof value === 'object' && value !== null) {
      // A merge names the story it took in.
      const source = value as Record<string, unknown>;
      for (const [name, inner] of Object.entries(source)) {
        if (name !== 'id' && isValue(inner)) facts[`from ${name}`] = shown(inner);
      }
    } else if (isValue(value)) {
      facts[key] = shown(value);
    }
  }
  if (STATUS_ACTIONS.has(action) && typeof facts.from === 'string' && typeof facts.to === 'string') {
    if (facts.from !== facts.to) changes.unshift({ field: 'status', from: facts.from, to: facts.to });
    delete facts.from;
    delete facts.to;
  }
  if (action === 'feature' || action === 'unfeature') {
    changes.push({ field: 'featured', from: action === 'unfeature', to: action === 'feature' });
  }
  if (
    (action === 'premod_on' || action === 'premod_off') &&
    !changes.some((c) => c.field === 'alwaysPremod')
  ) {
    changes.push({ field: 'alwaysPremod', from: action === 'premod_off', to: action === 'premod_on' });
  }
  // A remap (`parley stories remap`) wrote the URL it replaced beside the new one.
  if (typeof facts.previousUrl === 'string' && typeof facts.url === 'string') {
    changes.push({ field: 'url', from: facts.previousUrl, to: facts.url });
    delete facts.previousUrl;
    delete facts.url;
  }
  return { changes, facts };
}

function isChange(
  value: unknown,
): value is { from: ModerationLogValue | undefined; to: ModerationLogValue | undefined } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    'from' in value &&
    'to' in value &&
    Object.keys(value).length === 2 &&
    isValue((value as { from: unknown }).from) &&
    isValue((value as { to: unknown }).to)
  );
}

function isValue(value: unknown): value is ModerationLogValue | undefined {
  return (
    value === null ||
    value === undefined ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value)) ||
    (Array.isArray(value) && value.every((item) => typeof item === 'string'))
  );
}

function shown(value: ModerationLogValue | undefined): ModerationLogValue {
  return value === undefined ? null : value;
}
