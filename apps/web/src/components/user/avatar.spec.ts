import { describe, expect, it } from 'vitest';
import { AVATAR_LIGHTNESS, AVATAR_SATURATION, avatarColor, avatarHue, initialsOf } from './avatar.js';

/** WCAG relative luminance of an HSL colour. */
function luminance(hue: number, saturation: number, lightness: number): number {
  const s = saturation / 100;
  const l = lightness / 100;
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12;
    const value = l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(8) + 0.0722 * channel(4);
}

describe(avatarHue.name, () => {
  it('gives one user id the same colour every time, and different ids different colours', () => {
    const id = '0b6e4c1e-7d7a-4a59-9a43-2f7d0f5bb1a1';
    expect(avatarColor(id)).toBe(avatarColor(id));
    const hues = new Set(
      Array.from({ length: 50 }, (_, index) =>
        avatarHue(`00000000-0000-4000-8000-${String(index).padStart(12, '0')}`),
      ),
    );
    expect(hues.size).toBeGreaterThan(40);
  });

  it('keeps white initials at 4.5:1 or more on every hue', () => {
    for (let hue = 0; hue < 360; hue++) {
      const contrast = 1.05 / (luminance(hue, AVATAR_SATURATION, AVATAR_LIGHTNESS) + 0.05);
      expect(contrast, `hue ${hue}`).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe(initialsOf.name, () => {
  it.each([
    ['Ada Lovelace', 'AL'],
    ['eve', 'E'],
    ['  José  María  Pérez ', 'JP'],
    ['李小龍', '李'],
    ['', '?'],
  ])('%j → %s', (name, initials) => {
    expect(initialsOf(name)).toBe(initials);
  });
});
