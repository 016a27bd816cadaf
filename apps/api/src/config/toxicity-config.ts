import { z } from 'zod';
import { emptyAsUndefined, milliseconds, wholeNumber } from './env-values.js';

/** Local toxicity scoring's variables (README "Automatic moderation"), part of config.ts's schema. */
export const toxicityEnv = {
  /** A folder with an ONNX text classifier and its tokenizer files; unset: nothing loads, nothing is scored. */
  PARLEY_TOXICITY_MODEL_DIR: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** How long a post waits for its score; past it the comment goes on without one (a miss). */
  PARLEY_TOXICITY_BUDGET_MS: milliseconds(10, 10_000, 300),
  /** Worker threads that score, each holding the model once. */
  PARLEY_TOXICITY_THREADS: wholeNumber(1, 32, 1),
  /** Comments that may wait for a free worker; past that a post goes on without a score (a miss). */
  PARLEY_TOXICITY_QUEUE: wholeNumber(1, 10_000, 64),
};

type ToxicityEnv = z.output<z.ZodObject<typeof toxicityEnv>>;

export interface ToxicityConfig {
  modelDir: string;
  budgetMs: number;
  threads: number;
  maxQueue: number;
}

/** Scoring's settings; undefined when no model folder is named. */
export function toxicityConfig(value: ToxicityEnv): ToxicityConfig | undefined {
  if (!value.PARLEY_TOXICITY_MODEL_DIR) return undefined;
  return {
    modelDir: value.PARLEY_TOXICITY_MODEL_DIR,
    budgetMs: value.PARLEY_TOXICITY_BUDGET_MS,
    threads: value.PARLEY_TOXICITY_THREADS,
    maxQueue: value.PARLEY_TOXICITY_QUEUE,
  };
}
