import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { CONFIG, type Config } from '../config/config.js';
import { Metrics } from '../metrics/metrics.js';
import { inspectModel, type ToxicityModelInfo } from './toxicity-model.js';
import { ToxicityScorer, type ToxicityScore } from './toxicity-scorer.js';

/**
 * Local toxicity scoring as the rest of the api sees it. Without PARLEY_TOXICITY_MODEL_DIR nothing
 * loads and `score` answers null at once. With it, the model is checked and loaded once, at start
 * (a model that does not load stops the start, with the reason), and its name and hash are logged
 * and shown in /api/health.
 */
@Injectable()
export class ToxicityService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Toxicity');
  private scorer: ToxicityScorer | null = null;
  private loaded: ToxicityModelInfo | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly metrics: Metrics,
  ) {}

  async onModuleInit(): Promise<void> {
    const settings = this.config.toxicity;
    if (!settings) return;
    const model = await inspectModel(settings.modelDir);
    this.scorer = await ToxicityScorer.start(model, {
      threads: settings.threads,
      maxQueue: settings.maxQueue,
      budgetMs: settings.budgetMs,
      onOutcome: (outcome, seconds) => {
        this.metrics.toxicityScores.inc({ outcome });
        this.metrics.toxicityScoreDuration.observe({ outcome }, seconds);
      },
    });
    this.loaded = model;
    this.logger.log({
      msg: `toxicity model ${model.name} (sha256 ${model.sha256}) loaded from ${model.modelDir}/${model.modelFile} in ${settings.threads} worker thread(s)`,
      model: model.name,
      sha256: model.sha256,
      labels: model.labels,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.scorer?.close();
  }

  get enabled(): boolean {
    return this.scorer !== null;
  }

  /** The loaded model's name and hash (for /api/health); null without one. */
  get model(): { name: string; sha256: string } | null {
    return this.loaded && { name: this.loaded.name, sha256: this.loaded.sha256 };
  }

  /** The text's score, or null: no model, or a miss (counted in the metrics). */
  async score(text: string): Promise<ToxicityScore | null> {
    return this.scorer ? this.scorer.score(text) : null;
  }
}
