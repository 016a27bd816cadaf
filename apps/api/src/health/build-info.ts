import { readFileSync } from 'node:fs';

export interface BuildInfo {
  /** apps/api/package.json's version. */
  version: string;
  /** The git commit of the build, or null when nothing recorded it. */
  commit: string | null;
}

const COMMIT = /^[0-9a-f]{7,40}$/i;

// Relative to this file in dist/health/ (and in src/health/ under vitest, where no stamp exists).
const PACKAGE_JSON = new URL('../../package.json', import.meta.url);
/** Written by scripts/stamp-build.mjs at build time. */
export const BUILD_STAMP = new URL('../build-info.json', import.meta.url);

/**
 * Read once at start, never per request: the commit from PARLEY_COMMIT when the environment names
 * it, else from the build's stamp, else null.
 */
export function readBuildInfo(commitFromEnv: string | undefined, stamp: URL = BUILD_STAMP): BuildInfo {
  const { version } = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string };
  return { version, commit: commitFromEnv ?? stampedCommit(stamp) };
}

function stampedCommit(stamp: URL): string | null {
  let text: string;
  try {
    text = readFileSync(stamp, 'utf8');
  } catch {
    return null; // not built by the build script (vitest runs the sources)
  }
  const { commit } = JSON.parse(text) as { commit?: unknown };
  return typeof commit === 'string' && COMMIT.test(commit) ? commit.toLowerCase() : null;
}
