import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type Verifier = (secret: string, header: string, body: string, toleranceSeconds?: number) => boolean;

/**
 * The signature verifier exactly as README.md prints it (the `webhook-verifier` block), loaded as a
 * module: webhook deliveries and moderation hook calls are checked with it, as a receiver would.
 */
export async function readmeVerifier(): Promise<Verifier> {
  const readme = await readFile(new URL('../../../../README.md', import.meta.url), 'utf8');
  const match = /<!-- webhook-verifier[^>]*-->\s*```js\n([\s\S]*?)```/.exec(readme);
  if (!match) throw new Error('README.md has no webhook verifier block');
  const file = join(await mkdtemp(join(tmpdir(), 'parley-verifier-')), 'verify.mjs');
  await writeFile(file, match[1]!);
  const module = (await import(pathToFileURL(file).href)) as { verifyParleySignature: Verifier };
  return module.verifyParleySignature;
}
