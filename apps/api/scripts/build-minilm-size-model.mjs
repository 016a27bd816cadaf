#!/usr/bin/env node
// Writes a toxicity "model" of real size for measuring, not for judging: a BERT-style encoder with
// the shapes of MiniLM-L6-H384 (the architecture of minuva/MiniLMv2-toxic-jigsaw-onnx and of most
// small toxicity classifiers: 6 layers, hidden 384, 12 heads, feed-forward 1536, a 30,522-word
// embedding) and seeded random weights, in float32. Its scores mean nothing; its cost per comment is
// that of a real model of this size (an upper bound for the int8 files Hugging Face ships, which run
// faster). It exists because no real model can be fetched where the bench runs (see README,
// "Automatic moderation").
//
//   node apps/api/scripts/build-minilm-size-model.mjs <out-dir>
//   pnpm bench --only=scoring --model-dir=<out-dir>
//
// Its tokenizer knows no words, so each word is one [UNK] token: a comment's tokens are its words,
// somewhat fewer than the WordPiece pieces a trained vocabulary would give.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
if (!process.argv[2]) {
  console.error('usage: build-minilm-size-model.mjs <out-dir>');
  process.exit(1);
}
const outDir = resolve(process.argv[2]);

const VOCAB = 30_522;
const HIDDEN = 384;
const HEADS = 12;
const FEED_FORWARD = 1536;
const LAYERS = 6;
const LABELS = ['toxic', 'insult'];
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

/** mulberry32: the same weights on every run, so two runs measure the same file. */
function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(2026);

const initializers = [];
const nodes = [];
let counter = 0;
const fresh = (stem) => `${stem}_${counter++}`;

function constant(name, dims, fill) {
  const values = new Float32Array(dims.reduce((a, b) => a * b, 1));
  for (let i = 0; i < values.length; i++) values[i] = fill(i);
  initializers.push(
    onnx.TensorProto.create({ name, dims, dataType: FLOAT, rawData: Buffer.from(values.buffer) }),
  );
  return name;
}
const weight = (stem, dims) => constant(fresh(stem), dims, () => (random() - 0.5) * 0.04);
const filled = (stem, dims, value) => constant(fresh(stem), dims, () => value);
function shape(stem, values) {
  const name = fresh(stem);
  initializers.push(
    onnx.TensorProto.create({ name, dims: [values.length], dataType: INT64, int64Data: values }),
  );
  return name;
}

function op(opType, input, attribute = []) {
  const output = fresh(opType.toLowerCase());
  nodes.push(onnx.NodeProto.create({ opType, input, output: [output], attribute }));
  return output;
}
const ints = (name, values) => ({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: values });
const int = (name, value) => ({ name, type: onnx.AttributeProto.AttributeType.INT, i: value });

const dense = (x, inputs, outputs) =>
  op('Add', [op('MatMul', [x, weight('w', [inputs, outputs])]), filled('b', [outputs], 0)]);
const layerNorm = (x) =>
  op('LayerNormalization', [x, filled('gamma', [HIDDEN], 1), filled('beta', [HIDDEN], 0)], [int('axis', -1)]);

const headSize = HIDDEN / HEADS;
const toHeads = shape('heads', [0, 0, HEADS, headSize]);
const toHidden = shape('hidden', [0, 0, HIDDEN]);
const scale = filled('scale', [], 1 / Math.sqrt(headSize));
const half = filled('half', [], 0.5);
const one = filled('one', [], 1);
const rootTwo = filled('root_two', [], Math.SQRT2);

function attention(x) {
  const heads = (projected, perm) =>
    op('Transpose', [op('Reshape', [projected, toHeads])], [ints('perm', perm)]);
  const q = heads(dense(x, HIDDEN, HIDDEN), [0, 2, 1, 3]);
  const k = heads(dense(x, HIDDEN, HIDDEN), [0, 2, 3, 1]);
  const v = heads(dense(x, HIDDEN, HIDDEN), [0, 2, 1, 3]);
  const weights = op('Softmax', [op('Mul', [op('MatMul', [q, k]), scale])], [int('axis', -1)]);
  const context = op('Transpose', [op('MatMul', [weights, v])], [ints('perm', [0, 2, 1, 3])]);
  return dense(op('Reshape', [context, toHidden]), HIDDEN, HIDDEN);
}

/** GELU as BERT computes it: x · ½ · (1 + erf(x / √2)). */
const gelu = (x) => op('Mul', [op('Mul', [x, half]), op('Add', [one, op('Erf', [op('Div', [x, rootTwo])])])]);

let x = layerNorm(op('Gather', [weight('embedding', [VOCAB, HIDDEN]), 'input_ids']));
for (let layer = 0; layer < LAYERS; layer++) {
  x = layerNorm(op('Add', [x, attention(x)]));
  x = layerNorm(op('Add', [x, dense(gelu(dense(x, HIDDEN, FEED_FORWARD)), FEED_FORWARD, HIDDEN)]));
}
const pooled = op('ReduceMean', [x], [ints('axes', [1]), int('keepdims', 0)]);
const last = dense(pooled, HIDDEN, LABELS.length);
nodes.push(onnx.NodeProto.create({ opType: 'Identity', input: [last], output: ['logits'] }));

const valueInfo = (name, elemType, dims) =>
  onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  });

const model = onnx.ModelProto.create({
  irVersion: 8,
  opsetImport: [{ domain: '', version: 17 }],
  producerName: 'parley build-minilm-size-model.mjs',
  graph: onnx.GraphProto.create({
    name: 'parley-minilm-size',
    initializer: initializers,
    node: nodes,
    input: [valueInfo('input_ids', INT64, ['batch', 'sequence'])],
    output: [valueInfo('logits', FLOAT, ['batch', LABELS.length])],
  }),
});

const special = ['[PAD]', '[UNK]'];
const tokenizer = {
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: special.map((content, id) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  })),
  normalizer: {
    type: 'BertNormalizer',
    clean_text: true,
    handle_chinese_chars: true,
    strip_accents: null,
    lowercase: true,
  },
  pre_tokenizer: { type: 'BertPreTokenizer' },
  post_processor: null,
  decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
  model: {
    type: 'WordPiece',
    unk_token: '[UNK]',
    continuing_subword_prefix: '##',
    max_input_chars_per_word: 100,
    vocab: Object.fromEntries(special.map((word, id) => [word, id])),
  },
};
const json = (value) => `${JSON.stringify(value, null, 2)}\n`;
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'model.onnx'), onnx.ModelProto.encode(model).finish());
writeFileSync(join(outDir, 'tokenizer.json'), json(tokenizer));
writeFileSync(
  join(outDir, 'tokenizer_config.json'),
  json({ tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 512, unk_token: '[UNK]' }),
);
writeFileSync(
  join(outDir, 'config.json'),
  json({
    _name_or_path: 'parley/minilm-size-random',
    problem_type: 'multi_label_classification',
    id2label: Object.fromEntries(LABELS.map((label, id) => [String(id), label])),
  }),
);
const parameters = initializers.reduce((sum, t) => sum + (t.rawData?.length ?? 0) / 4, 0);
console.log(`${outDir}: ${(parameters / 1e6).toFixed(1)} M parameters, ${nodes.length} nodes`);
