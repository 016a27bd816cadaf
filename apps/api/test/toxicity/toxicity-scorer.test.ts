import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectModel, ToxicityModelError } from '../../src/toxicity/toxicity-model.js';
import { ToxicityScorer, type ScoreOutcome } from '../../src/toxicity/toxicity-scorer.js';

/** The classifier the repository ships (apps/api/models/tiny-toxicity, built by scripts/build-tiny-toxicity-model.mjs). */
export const TINY_MODEL_DIR = new URL('../../models/tiny-toxicity/', import.meta.url).pathname;
const SLOW_WORKER = new URL('../support/slow-toxicity-worker.mjs', import.meta.url);
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** A copy of the tiny model's folder, to break one file of it. */
async function modelCopy(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-model-'));
  for (const file of ['model.onnx', 'tokenizer.json', 'tokenizer_config.json', 'config.json']) {
    await copyFile(join(TINY_MODEL_DIR, file), join(dir, file));
  }
  return dir;
}

describe(ToxicityScorer.name, () => {
  const opened: ToxicityScorer[] = [];
  const temporary: string[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((scorer) => scorer.close()));
    await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  async function start(options: Partial<Parameters<typeof ToxicityScorer.start>[1]> = {}) {
    const outcomes: ScoreOutcome[] = [];
    const sut = await ToxicityScorer.start(await inspectModel(TINY_MODEL_DIR), {
      threads: 1,
      maxQueue: 8,
      budgetMs: 2000,
      onOutcome: (outcome) => outcomes.push(outcome),
      ...options,
    });
    opened.push(sut);
    return { sut, outcomes };
  }

  it('loads the shipped model: its name, labels and hash', async () => {
    const model = await inspectModel(TINY_MODEL_DIR);
    expect(model).toMatchObject({
      name: 'parley/tiny-toxicity',
      labels: ['toxic', 'insult'],
      modelFile: 'model.onnx',
    });
    expect(model.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('scores in a worker thread: each label, and the highest as the score', async () => {
    const { sut, outcomes } = await start();
    // "this is stupid": [UNK] [UNK] stupid → mean of (-4, -4, 12) = 4/3 for toxic, (-4, -4, 6) for insult.
    const stupid = await sut.score('This is stupid');
    expect(stupid!.labels.toxic).toBeCloseTo(sigmoid(4 / 3), 5);
    expect(stupid!.labels.insult).toBeCloseTo(sigmoid(-2 / 3), 5);
    expect(stupid!.score).toBeCloseTo(sigmoid(4 / 3), 5);
    expect((await sut.score('Thanks for a thoughtful article'))!.score).toBeLessThan(0.05);
    expect((await sut.score('idiot'))!.score).toBeGreaterThan(0.99);
    expect(outcomes).toEqual(['scored', 'scored', 'scored']);
  });

  it('gives up past the budget: no score, counted as a timeout', async () => {
    const { sut, outcomes } = await start({ budgetMs: 100, workerFile: SLOW_WORKER });
    const started = Date.now();
    expect(await sut.score('idiot')).toBeNull();
    expect(Date.now() - started).toBeLessThan(380);
    expect(outcomes).toEqual(['timeout']);
  });

  it('refuses at once when the queue is full, and scores again once it drains', async () => {
    const { sut, outcomes } = await start({ maxQueue: 1, workerFile: SLOW_WORKER });
    const running = sut.score('idiot');
    const waiting = sut.score('moron');
    expect(await sut.score('stupid')).toBeNull();
    expect(outcomes).toEqual(['queue_full']);
    expect((await running)!.score).toBeGreaterThan(0.99);
    expect((await waiting)!.score).toBeGreaterThan(0.99);
    expect((await sut.score('rubbish'))!.score).toBeGreaterThan(0.99);
  });

  it('replaces a worker that dies; the comment it was scoring goes on unscored', async () => {
    // A generous budget: the replacement thread loads the runtime and the model before it scores,
    // which takes seconds on a busy machine.
    const { sut, outcomes } = await start({ workerFile: SLOW_WORKER, budgetMs: 20_000 });
    const inFlight = sut.score('idiot');
    await expect.poll(() => sut.queued).toBe(0);
    const [worker] = sut.threads;
    await worker!.terminate();
    expect(await inFlight).toBeNull();
    expect((await sut.score('idiot'))!.score).toBeGreaterThan(0.99);
    expect(outcomes).toEqual(['error', 'scored']);
    expect(sut.threads).toHaveLength(1);
    expect(sut.threads[0]).not.toBe(worker);
  });

  it('stops the start with the reason when the model file is missing', async () => {
    const dir = await modelCopy();
    temporary.push(dir);
    await rm(join(dir, 'model.onnx'));
    await expect(inspectModel(dir)).rejects.toThrow(/holds no ONNX model \(looked for model\.onnx/);
    await expect(inspectModel(join(dir, 'nowhere'))).rejects.toThrow(/is not a folder/);
  });

  it('stops the start with the reason when the model file is corrupt, whatever the threads', async () => {
    const dir = await modelCopy();
    temporary.push(dir);
    await writeFile(join(dir, 'model.onnx'), 'not a model');
    const model = await inspectModel(dir);
    // Several threads: those still loading when the start gives up must not end the process with
    // their own failure (vitest fails the run on an uncaught error).
    const escaped: unknown[] = [];
    const listen = (error: unknown) => escaped.push(error);
    process.on('uncaughtException', listen);
    try {
      const starting = ToxicityScorer.start(model, { threads: 4, maxQueue: 1, budgetMs: 300 });
      await expect(starting).rejects.toBeInstanceOf(ToxicityModelError);
      await expect(starting).rejects.toThrow(/model\.onnx could not be loaded or run: .*Protobuf/);
      await new Promise((settle) => setTimeout(settle, 500));
    } finally {
      process.off('uncaughtException', listen);
    }
    expect(escaped).toEqual([]);
  });
});
