// One scoring thread of the piscina pool (toxicity-scorer.ts). Plain JavaScript, because a worker
// thread runs a file as it is, under vitest as in the build. The model and the tokenizer are loaded
// once per thread, when the pool starts it, never per comment.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { workerData } from 'node:worker_threads';
import { Tokenizer } from '@huggingface/tokenizers';
import ort from 'onnxruntime-node';

/** @type {{ modelDir: string, modelFile: string, labels: string[], problemType: string | null }} */
const model = workerData;

const readJson = async (name) => JSON.parse(await readFile(join(model.modelDir, name), 'utf8'));

async function load() {
  const [tokenizerJson, tokenizerConfig, session] = await Promise.all([
    readJson('tokenizer.json'),
    readJson('tokenizer_config.json'),
    // One thread per worker: the pool's size is the parallelism, so threads do not fight over cores.
    ort.InferenceSession.create(join(model.modelDir, model.modelFile), {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
    }),
  ]);
  const maxTokens =
    Number(tokenizerConfig.model_max_length) > 0 ? Math.min(tokenizerConfig.model_max_length, 4096) : 512;
  return {
    tokenizer: new Tokenizer(tokenizerJson, tokenizerConfig),
    session,
    maxTokens,
    activation: activationOf(session),
  };
}

const int64 = (values) =>
  new ort.Tensor(
    'int64',
    BigInt64Array.from(values, (v) => BigInt(v)),
    [1, values.length],
  );

/**
 * A graph that ends in its own activation (the tiny model's `probabilities`) is read as it is; raw
 * `logits` (what Hugging Face exports) get the one their config names: sigmoid for multi-label
 * classifiers, softmax for single-label ones.
 */
const activationOf = (session) =>
  session.outputNames[0] !== 'logits'
    ? 'none'
    : model.problemType === 'single_label_classification'
      ? 'softmax'
      : 'sigmoid';

function activate(activation, values) {
  if (activation === 'sigmoid') return values.map((v) => 1 / (1 + Math.exp(-v)));
  if (activation === 'softmax') {
    const top = Math.max(...values);
    const exps = values.map((v) => Math.exp(v - top));
    const sum = exps.reduce((a, b) => a + b, 0);
    return exps.map((v) => v / sum);
  }
  return values;
}

// A model that fails to load fails each task with its reason instead of ending the thread: a thread
// that dies while the pool is being closed (the start check failed on a sibling) has nobody to
// listen for its error, and the process would end with it.
const loading = load();
loading.catch(() => undefined);

/**
 * Scores one text: each label's probability. Null when the post stopped waiting before this thread
 * took the task (its deadline passed in the queue): the work would be thrown away.
 * @param {{ text: string, deadline: number }} task
 * @returns {Promise<Record<string, number> | null>}
 */
export default async function score({ text, deadline }) {
  if (Date.now() > deadline) return null;
  const { tokenizer, session, maxTokens, activation } = await loading;
  const encoded = tokenizer.encode(text);
  const length = Math.max(1, Math.min(encoded.ids.length, maxTokens));
  // An empty encoding still needs one token; 0 is the padding id of BERT-style vocabularies.
  const ids = encoded.ids.length > 0 ? encoded.ids.slice(0, length) : [0];
  const feeds = {};
  for (const name of session.inputNames) {
    if (name === 'input_ids') feeds[name] = int64(ids);
    else if (name === 'attention_mask') feeds[name] = int64(ids.map(() => 1));
    // One text alone: every token belongs to the first (and only) segment.
    else if (name === 'token_type_ids') feeds[name] = int64(ids.map(() => 0));
    else throw new Error(`the model asks for an input Parley does not know: ${name}`);
  }
  const output = await session.run(feeds);
  const values = activate(activation, Array.from(output[session.outputNames[0]].data, Number));
  return Object.fromEntries(model.labels.map((label, i) => [label, values[i] ?? 0]));
}
