import { onScopeDispose, toValue, type MaybeRefOrGetter } from 'vue';

export type ModerationShortcut = 'next' | 'previous' | 'approve' | 'reject' | 'feature' | 'select' | 'help';

/** The keys, for the shortcuts dialog (which names them from `moderate.shortcuts.<action>`) and the handler alike. */
export const MODERATION_SHORTCUTS: { key: string; action: ModerationShortcut }[] = [
  { key: 'j', action: 'next' },
  { key: 'k', action: 'previous' },
  { key: 'a', action: 'approve' },
  { key: 'r', action: 'reject' },
  { key: 'f', action: 'feature' },
  { key: 'x', action: 'select' },
  { key: '?', action: 'help' },
];

const BY_KEY = new Map(MODERATION_SHORTCUTS.map((shortcut) => [shortcut.key, shortcut.action]));

/** True while a person is typing or choosing in a form control, where letters are not commands. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  // A card's selection checkbox takes no letters: j/k/x go on working after a click on it.
  const fields =
    'input:not([type="checkbox"]), textarea, select, [contenteditable=""], [contenteditable="true"]';
  if (target.closest(fields)) return true;
  return false;
}

/** The shortcut a key press means, or null when it means nothing here. */
export function shortcutFor(
  event: Pick<
    KeyboardEvent,
    'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target' | 'defaultPrevented' | 'isComposing'
  >,
): ModerationShortcut | null {
  if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.metaKey || event.altKey)
    return null;
  if (isTypingTarget(event.target)) return null;
  return BY_KEY.get(event.key) ?? null;
}

/**
 * Moderation keyboard shortcuts on the whole page: j/k move between cards, a/r/f decide the
 * focused card, x selects it for a bulk decision, ? opens the help. Ignored while typing, and while `enabled` is false (a dialog is open,
 * another view is shown).
 */
export function useModerationShortcuts(
  handle: (action: ModerationShortcut, event: KeyboardEvent) => void,
  options: {
    enabled?: MaybeRefOrGetter<boolean>;
    target?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  } = {},
): void {
  const target = options.target ?? window;
  const onKeydown = (event: Event) => {
    if (!(event instanceof KeyboardEvent)) return;
    if (options.enabled !== undefined && !toValue(options.enabled)) return;
    const action = shortcutFor(event);
    if (!action) return;
    event.preventDefault();
    handle(action, event);
  };
  target.addEventListener('keydown', onKeydown);
  onScopeDispose(() => target.removeEventListener('keydown', onKeydown));
}
