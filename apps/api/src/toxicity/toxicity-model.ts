import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';

/** A model folder Parley cannot use; the node does not start (the message says what to fix). */
export class ToxicityModelError extends Error {}

/** What the main thread knows of the model: enough to log, to show in /api/health and to start workers. */
export interface ToxicityModelInfo {
  modelDir: string;
  /** The model file inside the folder (`model.onnx`, or `onnx/model_quantized.onnx` as Hugging Face exports lay it out). */
  modelFile: string;
  /** config.json's `_name_or_path`, else the folder's name. */
  name: string;
  /** sha256 of the model file, hex. */
  sha256: string;
  /** The model's outputs in order (config.json `id2label`). */
  labels: string[];
  /** config.json `problem_type`: how raw logits become probabilities (multi-label: sigmoid). */
  problemType: string | null;
}

/** Where a model file may sit, in the order they are looked for; else the one .onnx file in the folder or in onnx/. */
const MODEL_FILES = ['model.onnx', 'onnx/model_quantized.onnx', 'onnx/model.onnx'];

/** The only .onnx file in the folder, or else in its onnx/ folder (Optimum names them as it likes). */
async function onlyOnnxFile(modelDir: string): Promise<string | undefined> {
  for (const sub of ['', 'onnx']) {
    const names = await readdir(join(modelDir, sub)).catch(() => [] as string[]);
    const onnx = names.filter((name) => name.endsWith('.onnx'));
    if (onnx.length === 1) return sub ? `${sub}/${onnx[0]}` : onnx[0];
  }
  return undefined;
}
const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json'];

const exists = (path: string) =>
  stat(path).then(
    (s) => s.isFile(),
    () => false,
  );

function sha256Of(path: string): Promise<string> {
  return new Promise((done, fail) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', fail)
      .on('end', () => done(hash.digest('hex')));
  });
}

interface ModelConfig {
  _name_or_path?: unknown;
  problem_type?: unknown;
  id2label?: unknown;
}

/** The labels in output order from `id2label` ({ "0": "toxic", … }). */
function labelsOf(config: ModelConfig, where: string): string[] {
  const map = config.id2label;
  if (!map || typeof map !== 'object')
    throw new ToxicityModelError(`${where} has no id2label (the names of the model's outputs)`);
  const entries = Object.entries(map as Record<string, unknown>);
  const labels: string[] = [];
  for (const [id, label] of entries) {
    const index = Number(id);
    if (!Number.isInteger(index) || index < 0 || index >= entries.length || typeof label !== 'string') {
      throw new ToxicityModelError(`${where}: id2label must map 0…n-1 to label names`);
    }
    labels[index] = label;
  }
  return labels;
}

/**
 * Checks a model folder before any worker loads it: the folder, the ONNX file, the tokenizer files
 * and config.json's labels, each missing piece named in the error. Reads the model file once for
 * its hash. Whether the ONNX file itself is sound is known only once a worker loads it.
 */
export async function inspectModel(dir: string): Promise<ToxicityModelInfo> {
  const modelDir = resolve(dir);
  const folder = await stat(modelDir).catch(() => null);
  if (!folder?.isDirectory()) {
    throw new ToxicityModelError(`PARLEY_TOXICITY_MODEL_DIR: ${modelDir} is not a folder`);
  }
  let modelFile: string | undefined;
  for (const candidate of MODEL_FILES) {
    if (await exists(join(modelDir, candidate))) {
      modelFile = candidate;
      break;
    }
  }
  modelFile ??= await onlyOnnxFile(modelDir);
  if (!modelFile) {
    throw new ToxicityModelError(
      `${modelDir} holds no ONNX model (looked for ${MODEL_FILES.join(', ')}, or a single .onnx file)`,
    );
  }
  for (const file of [...TOKENIZER_FILES, 'config.json']) {
    if (!(await exists(join(modelDir, file)))) throw new ToxicityModelError(`${modelDir} has no ${file}`);
  }
  let config: ModelConfig;
  try {
    config = JSON.parse(await readFile(join(modelDir, 'config.json'), 'utf8')) as ModelConfig;
  } catch (error) {
    throw new ToxicityModelError(`${join(modelDir, 'config.json')} is not JSON: ${(error as Error).message}`);
  }
  const labels = labelsOf(config, join(modelDir, 'config.json'));
  return {
    modelDir,
    modelFile,
    name:
      typeof config._name_or_path === 'string' && config._name_or_path
        ? config._name_or_path
        : basename(modelDir),
    sha256: await sha256Of(join(modelDir, modelFile)),
    labels,
    problemType: typeof config.problem_type === 'string' ? config.problem_type : null,
  };
}

/** Labels that say a text is fine (single-label classifiers have one); they never count toward the score. */
const BENIGN_LABEL = /^(non[-_ ]?toxic|not[-_ ]?toxic|neutral|normal|ok|clean|safe)$/i;

/** A comment's toxicity: the highest probability among the labels that name something wrong. */
export function toxicityScore(labels: Record<string, number>): number {
  let score = 0;
  for (const [label, probability] of Object.entries(labels)) {
    if (!BENIGN_LABEL.test(label) && probability > score) score = probability;
  }
  return score;
}
