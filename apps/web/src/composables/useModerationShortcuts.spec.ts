import { describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { shortcutFor, useModerationShortcuts } from './useModerationShortcuts.js';

function press(
  key: string,
  target: EventTarget = document.body,
  init: KeyboardEventInit = {},
): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}

describe(useModerationShortcuts.name, () => {
  it('maps j, k, a, r, f, x and ? to their actions and ignores other keys', () => {
    const handle = vi.fn();
    const scope = effectScope();
    scope.run(() => useModerationShortcuts(handle));
    for (const key of ['j', 'k', 'a', 'r', 'f', '?', 'x', 'z', 'Enter']) press(key);
    scope.stop();
    press('j');
    expect(handle.mock.calls.map(([action]) => action)).toEqual([
      'next',
      'previous',
      'approve',
      'reject',
      'feature',
      'help',
      'select',
    ]);
  });

  it('ignores keys typed into fields and keys with modifiers', () => {
    const handle = vi.fn();
    const scope = effectScope();
    scope.run(() => useModerationShortcuts(handle));
    const input = document.createElement('input');
    const textarea = document.createElement('textarea');
    document.body.append(input, textarea);
    press('a', input);
    press('r', textarea);
    press('a', document.body, { ctrlKey: true });
    press('j', document.body, { metaKey: true });
    scope.stop();
    input.remove();
    textarea.remove();
    expect(handle).not.toHaveBeenCalled();
  });

  it('still answers on a selection checkbox, so j, k and x work after a click on one', () => {
    const handle = vi.fn();
    const scope = effectScope();
    scope.run(() => useModerationShortcuts(handle));
    const checkbox = document.createElement('input');
    checkbox.type = 'checkbox';
    document.body.append(checkbox);
    press('x', checkbox);
    press('j', checkbox);
    scope.stop();
    checkbox.remove();
    expect(handle.mock.calls.map(([action]) => action)).toEqual(['select', 'next']);
  });

  it('does nothing while disabled', () => {
    const handle = vi.fn();
    let enabled = false;
    const scope = effectScope();
    scope.run(() => useModerationShortcuts(handle, { enabled: () => enabled }));
    press('a');
    enabled = true;
    const event = press('a');
    scope.stop();
    expect(handle).toHaveBeenCalledTimes(1);
    expect(event.defaultPrevented).toBe(true);
  });
});

describe(shortcutFor.name, () => {
  it('reads ? typed with Shift as help', () => {
    const event = {
      key: '?',
      ctrlKey: false,
      metaKey: false,
      altKey: false,
      target: document.body,
      defaultPrevented: false,
      isComposing: false,
    };
    expect(shortcutFor(event)).toBe('help');
  });
});
