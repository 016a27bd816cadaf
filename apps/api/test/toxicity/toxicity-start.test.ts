import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOT_TIMEOUT_MS, setupTable, startApp } from '../support/app.js';

const TINY_MODEL_DIR = fileURLToPath(new URL('../../models/tiny-toxicity/', import.meta.url));
const apiDir = fileURLToPath(new URL('../..', import.meta.url));
const mainJs = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

let scratch: string;
let corrupt: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'parley-toxicity-start-'));
  corrupt = join(scratch, 'corrupt-model');
  await mkdir(corrupt);
  for (const file of ['tokenizer.json', 'tokenizer_config.json', 'config.json']) {
    await copyFile(join(TINY_MODEL_DIR, file), join(corrupt, file));
  }
  await writeFile(join(corrupt, 'model.onnx'), Buffer.from('this is not an ONNX graph'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A model that cannot be used stops the start with the reason, rather than failing every post. */
describe.each(setupTable())('a node with a broken toxicity model, over %s', (_label, setup) => {
  it(
    'does not start when the model folder is missing',
    async () => {
      const starting = startApp({ ...setup, env: { PARLEY_TOXICITY_MODEL_DIR: join(scratch, 'missing') } });
      await expect(starting).rejects.toThrow(/PARLEY_TOXICITY_MODEL_DIR: .*missing is not a folder/);
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'does not start when the model file is corrupt',
    async () => {
      const starting = startApp({ ...setup, env: { PARLEY_TOXICITY_MODEL_DIR: corrupt } });
      await expect(starting).rejects.toThrow(/model\.onnx could not be loaded or run/);
    },
    BOOT_TIMEOUT_MS,
  );
});

/** The built server, as an operator runs it: the shipped model loads from dist's worker; a corrupt one stops it. */
describe('main.js with PARLEY_TOXICITY_MODEL_DIR', () => {
  beforeAll(async () => {
    // As boot.test.ts: `turbo run test` builds dependencies, not the api itself.
    if (!existsSync(mainJs)) {
      await promisify(execFile)(
        process.execPath,
        [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
        { cwd: apiDir },
      );
    }
  });

  function boot(modelDir: string, until: RegExp) {
    return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [mainJs], {
        cwd: apiDir,
        env: {
          PATH: process.env.PATH ?? '',
          PORT: '0',
          HOST: '127.0.0.1',
          PARLEY_DATA_DIR: 'memory://',
          PARLEY_WEB_DIST: '/nonexistent',
          PARLEY_LOG_FORMAT: 'json',
          PARLEY_TOXICITY_MODEL_DIR: modelDir,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), BOOT_TIMEOUT_MS);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        if (until.test(output)) child.kill('SIGTERM');
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    });
  }

  it(
    'logs the model name and hash, then listens',
    async () => {
      const sut = await boot(TINY_MODEL_DIR, /listening on/);
      expect(sut.output).toMatch(/toxicity model parley\/tiny-toxicity \(sha256 [0-9a-f]{64}\) loaded/);
      expect(sut.output).toMatch(/listening on/);
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'exits 1 with the reason when the model is corrupt',
    async () => {
      const sut = await boot(corrupt, /$^/);
      expect(sut.code).toBe(1);
      expect(sut.output).toMatch(/Parley failed to start: .*model\.onnx could not be loaded or run/);
    },
    BOOT_TIMEOUT_MS,
  );
});
