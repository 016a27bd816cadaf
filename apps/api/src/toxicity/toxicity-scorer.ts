import { performance } from 'node:perf_hooks';
import { Piscina } from 'piscina';
import { ToxicityModelError, toxicityScore, type ToxicityModelInfo } from './toxicity-model.js';

/** How one request for a score ended, as counted in `parley_toxicity_scores_total{outcome}`. */
export type ScoreOutcome = 'scored' | 'timeout' | 'queue_full' | 'error';

export interface ToxicityScore {
  /** The highest probability among the labels that name something wrong (0–1). */
  score: number;
  /** Every label's probability, as the model gave them. */
  labels: Record<string, number>;
}

export interface ScorerOptions {
  threads: number;
  maxQueue: number;
  budgetMs: number;
  /** Told of every request's outcome and how long the post waited, for the metrics. */
  onOutcome?: (outcome: ScoreOutcome, seconds: number) => void;
  /** The worker script; tests pass one that wraps the real worker to be slow. */
  workerFile?: URL;
}

interface ScoreTask {
  text: string;
  /** Epoch ms after which the worker need not score: the post stopped waiting. */
  deadline: number;
}

export const WORKER_FILE = new URL('./toxicity.worker.mjs', import.meta.url);

/**
 * Scores texts in a pool of worker threads (piscina), never on the event loop. Each request waits
 * at most the budget; a full queue, a late score or a worker's failure all give null (the comment
 * goes on unscored) and are counted. A worker that dies is replaced by the pool.
 */
export class ToxicityScorer {
  private constructor(
    private readonly pool: Piscina<ScoreTask, Record<string, number> | null>,
    private readonly options: ScorerOptions,
  ) {}

  /**
   * Starts the pool and scores one text, so a model the runtime cannot load stops the start here,
   * with its reason, rather than failing every post.
   */
  static async start(model: ToxicityModelInfo, options: ScorerOptions): Promise<ToxicityScorer> {
    const pool = new Piscina<ScoreTask, Record<string, number> | null>({
      filename: (options.workerFile ?? WORKER_FILE).href,
      workerData: {
        modelDir: model.modelDir,
        modelFile: model.modelFile,
        labels: model.labels,
        problemType: model.problemType,
      },
      minThreads: options.threads,
      maxThreads: options.threads,
      maxQueue: options.maxQueue,
      idleTimeout: Number.POSITIVE_INFINITY,
    });
    try {
      await pool.run({ text: 'Parley checks that the model loads.', deadline: Number.MAX_SAFE_INTEGER });
    } catch (error) {
      await pool.destroy().catch(() => undefined);
      throw new ToxicityModelError(
        `${model.modelDir}/${model.modelFile} could not be loaded or run: ${(error as Error).message}`,
      );
    }
    return new ToxicityScorer(pool, options);
  }

  /** The text's score within the budget, or null (a miss: queue full, too slow, or a worker failed). */
  async score(text: string): Promise<ToxicityScore | null> {
    const started = performance.now();
    const finish = (outcome: ScoreOutcome, result: ToxicityScore | null) => {
      this.options.onOutcome?.(outcome, (performance.now() - started) / 1000);
      return result;
    };
    if (this.pool.queueSize >= this.options.maxQueue) return finish('queue_full', null);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'timeout'>((done) => {
      timer = setTimeout(() => done('timeout'), this.options.budgetMs);
    });
    const task = this.pool.run({ text, deadline: Date.now() + this.options.budgetMs });
    // A score that arrives after the budget, or a task the pool refused, must not go unhandled.
    task.catch(() => undefined);
    try {
      const labels = await Promise.race([task, late]);
      if (labels === 'timeout' || labels === null) return finish('timeout', null);
      return finish('scored', { score: toxicityScore(labels), labels });
    } catch {
      return finish('error', null);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The pool's live threads (tests end one to see it replaced). */
  get threads() {
    return this.pool.threads;
  }

  /** Comments waiting for a free worker. */
  get queued(): number {
    return this.pool.queueSize;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
