// @vitest-environment node
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import stylelint from 'stylelint';
import { describe, expect, it } from 'vitest';

/** The web app's own stylelint config, the one `pnpm lint` (and so CI) runs. */
const webRoot = fileURLToPath(new URL('..', import.meta.url));

async function problems(code: string, fileName: string): Promise<string[]> {
  const { results } = await stylelint.lint({
    code,
    codeFilename: `${webRoot}src/${fileName}`,
    configFile: `${webRoot}stylelint.config.js`,
  });
  return (results[0]?.warnings ?? []).map((warning) => `${warning.line}:${warning.rule}`);
}

const vue = (css: string, template = '<p>x</p>') =>
  `<template>${template}</template>\n<style scoped>\n${css}\n</style>\n`;

describe('the logical-properties lint rule', () => {
  it('fails a Vue component whose style block sets margin-left', async () => {
    expect(await problems(vue('.reply { margin-left: 1rem; }'), 'components/Sample.vue')).toEqual([
      '3:property-disallowed-list',
    ]);
  });

  it('fails physical offsets, borders, corners and scroll margins in a stylesheet', async () => {
    const css = [
      '.a { right: 0; }',
      '.b { padding-right: 1px; }',
      '.c { border-left-color: red; }',
      '.d { border-top-right-radius: 4px; }',
      '.e { scroll-margin-left: 1rem; }',
    ].join('\n');
    expect(await problems(css, 'sample.css')).toEqual(
      [1, 2, 3, 4, 5].map((line) => `${line}:property-disallowed-list`),
    );
  });

  it('fails left and right values of text-align, float and clear, and animated offsets', async () => {
    const css = [
      '.a { text-align: right; }',
      '.b { float: left; }',
      '.c { clear: right; }',
      '.d { transition: left 0.2s, opacity 0.2s; }',
    ].join('\n');
    expect(await problems(css, 'sample.css')).toEqual(
      [1, 2, 3, 4].map((line) => `${line}:declaration-property-value-disallowed-list`),
    );
  });

  it('fails four-sided shorthands and per-corner radii, which name a left and a right', async () => {
    const css = [
      '.a { margin: 0 auto 0 0; }',
      '.b { padding: 1px 2px calc(1rem + 2px) 4px; }',
      '.c { border-radius: 0 6px 6px 0; }',
    ].join('\n');
    expect(await problems(css, 'sample.css')).toEqual(
      [1, 2, 3].map((line) => `${line}:declaration-property-value-disallowed-list`),
    );
  });

  it('passes logical properties and values, top and bottom, symmetric shorthands and "left" in names', async () => {
    const css = [
      '.reply { margin-inline-start: 1rem; padding-inline: 0.25rem 0.5rem; border-inline-start: 2px solid; }',
      '.menu { position: absolute; inset-inline-end: 0; top: 100%; text-align: start; float: inline-end; }',
      '.note { border-start-end-radius: 6px; border-radius: 4px; margin: 0.75rem 0 calc(1rem + 2px); }',
      '.left-rail:dir(rtl) { transform: scaleX(-1); } /* the left border in LTR */',
    ].join('\n');
    expect(await problems(vue(css), 'components/Sample.vue')).toEqual([]);
  });

  it('runs in the lint script over every stylesheet and component', () => {
    const manifest = JSON.parse(readFileSync(`${webRoot}package.json`, 'utf8')) as {
      scripts: { lint: string };
    };
    expect(manifest.scripts.lint).toContain('stylelint "src/**/*.{css,vue}"');
  });
});
