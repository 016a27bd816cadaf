import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CONFIG, type Config } from '../config/config.js';
import { unitModule } from '../testing/unit-module.js';
import { readBuildInfo } from './build-info.js';
import { VersionRepository } from './version.repository.js';
import { VersionService } from './version.service.js';

const PACKAGE_VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
const COMMIT = '0123456789abcdef0123456789abcdef01234567';

describe(VersionService.name, () => {
  async function build(commit: string | undefined) {
    const { sut, get } = await unitModule(VersionService, [
      { provide: CONFIG, useValue: { commit } as Partial<Config> },
    ]);
    return { sut, repository: get(VersionRepository) };
  }

  it('answers the package version, the commit from the environment and the migration counts', async () => {
    const { sut, repository } = await build(COMMIT);
    repository.migrationStatus.mockResolvedValue({ applied: ['a', 'b', 'c'], pending: ['d'] });

    expect(await sut.version()).toEqual({
      version: PACKAGE_VERSION,
      commit: COMMIT,
      migrations: { applied: 3, latest: 'c', pending: 1 },
    });
  });

  it('says null for the latest migration of a database never migrated, and for a commit nobody recorded', async () => {
    const { sut, repository } = await build(undefined);
    repository.migrationStatus.mockResolvedValue({ applied: [], pending: ['a', 'b'] });

    // The sources under vitest have no build stamp beside them.
    expect(await sut.version()).toEqual({
      version: PACKAGE_VERSION,
      commit: null,
      migrations: { applied: 0, latest: null, pending: 2 },
    });
  });
});

describe(readBuildInfo.name, () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  function stamp(content: string): URL {
    dir = mkdtempSync(join(tmpdir(), 'parley-stamp-'));
    const file = join(dir, 'build-info.json');
    writeFileSync(file, content);
    return pathToFileURL(file);
  }

  it("takes the build stamp's commit when the environment names none", () => {
    expect(readBuildInfo(undefined, stamp(JSON.stringify({ commit: COMMIT.toUpperCase() })))).toEqual({
      version: PACKAGE_VERSION,
      commit: COMMIT,
    });
  });

  it('prefers the environment to the stamp, and ignores a stamp that holds no commit hash', () => {
    expect(readBuildInfo('abcdef1', stamp(JSON.stringify({ commit: COMMIT }))).commit).toBe('abcdef1');
    expect(readBuildInfo(undefined, stamp(JSON.stringify({ commit: 'not a commit' }))).commit).toBeNull();
    expect(readBuildInfo(undefined, stamp(JSON.stringify({ commit: null }))).commit).toBeNull();
  });
});
