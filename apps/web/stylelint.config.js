/**
 * Styles must mirror in right-to-left locales, so they use logical properties and values
 * (margin-inline-start, inset-inline-end, border-start-end-radius, text-align: end, …) instead of
 * left and right. Top and bottom stay allowed: Parley only lays text out horizontally.
 * Where no logical form exists (a transform, an arrow), style it under `:dir(rtl)` instead.
 */
/** One value of a shorthand: a word, or a word with one level of brackets (calc(1rem + 2px), var(--x)). */
const token = String.raw`(?:[^\s()]*\([^()]*\)|[^\s()]+)`;

const useLogical =
  'Use the logical form (inline-start / inline-end, start / end) so the layout mirrors in right-to-left locales.';

/** @type {import('stylelint').Config} */
export default {
  overrides: [{ files: ['**/*.vue'], customSyntax: 'postcss-html' }],
  rules: {
    // left, right, margin-left, padding-right, border-left-color, border-top-right-radius, scroll-margin-left, …
    'property-disallowed-list': [['/(^|-)(left|right)(-|$)/'], { message: useLogical }],
    'declaration-property-value-disallowed-list': [
      {
        '/^(text-align|text-align-last|float|clear)$/': ['/^(left|right)$/'],
        // Four sides (top right bottom left) or per-corner radii name a physical left and right:
        // write margin-block / margin-inline, border-start-end-radius, … instead.
        '/^(margin|padding|inset|scroll-margin|scroll-padding|border-width|border-style|border-color)$/': [
          `/^\\s*${token}\\s+${token}\\s+${token}\\s+${token}\\s*$/`,
        ],
        '/^border-radius$/': [`/^\\s*${token}(\\s+${token})+\\s*$/`],
        // transition-property: left / will-change: right animate a physical offset.
        '/^(transition|transition-property|will-change)$/': ['/(^|[\\s,])-?(left|right)([\\s,]|$)/'],
      },
      { message: useLogical },
    ],
  },
};
