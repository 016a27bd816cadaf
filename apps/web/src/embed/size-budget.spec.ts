// @vitest-environment node
/// <reference types="node" />
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

// A hard limit from issue 12, so it is checked on the built file (turbo builds before testing).
const BUDGET_KB = 100;
const EMBED = fileURLToPath(new URL('../../dist/embed.js', import.meta.url));

describe('embed.js size budget', () => {
  it(`stays under ${BUDGET_KB} KB gzip, its CSS included, in one classic script`, () => {
    expect(existsSync(EMBED), `${EMBED} is missing: run \`pnpm --filter @parley/web build\``).toBe(true);
    const source = readFileSync(EMBED);

    const gzipKB = gzipSync(source, { level: 9 }).length / 1024;

    expect(gzipKB).toBeLessThan(BUDGET_KB);
    // The CSS travels inside (no stylesheet to fetch), and nothing else is imported.
    expect(source.toString()).toContain('--parley-accent');
    expect(source.toString()).not.toMatch(/\bimport\s*\(|^\s*import\s/m);
  });
});
