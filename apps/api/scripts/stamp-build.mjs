// Records the git commit this build came from in dist/build-info.json, read by GET /api/version.
// PARLEY_COMMIT wins (image builds set it: .git is not in their context); else `git rev-parse`;
// else null. Run once per build, so the server never shells out. A turbo cache hit replays the
// file of the build that made it: one from a commit with the same sources.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

function gitCommit() {
  try {
    const output = execFileSync('git', ['rev-parse', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    });
    return output.trim() || null;
  } catch {
    return null;
  }
}

const commit = process.env.PARLEY_COMMIT?.trim() || gitCommit();
writeFileSync(new URL('../dist/build-info.json', import.meta.url), `${JSON.stringify({ commit })}\n`);
