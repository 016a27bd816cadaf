#!/usr/bin/env node
// Writes Parley's tiny toxicity classifier (apps/api/models/tiny-toxicity/): an ONNX graph and the
// tokenizer files a real Hugging Face text classifier comes with, a few kilobytes in all, so scoring
// can be started and tested without fetching a model. It knows a handful of words and nothing else:
// it is a test instrument, not a moderator. Deterministic: run it again and the bytes are the same.
//
//   node apps/api/scripts/build-tiny-toxicity-model.mjs [out-dir]
//
// The graph: input_ids int64 [1, n] → Gather(embedding [V, 2]) → ReduceMean over the n tokens →
// MatMul(identity [2, 2]) → Sigmoid → probabilities float [1, 2] (labels `toxic`, `insult`).
// So a text's score for a label is sigmoid(mean of its tokens' weights for that label), with the
// weights in WORDS below and -4 for every other word ([UNK]).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const here = dirname(fileURLToPath(import.meta.url));
const outDir = resolve(process.argv[2] ?? join(here, '..', 'models', 'tiny-toxicity'));

const LABELS = ['toxic', 'insult'];
/** Any word the vocabulary does not hold: clearly not toxic. */
const UNKNOWN_WEIGHT = [-4, -4];
/** The words it knows, with their weight per label. */
const WORDS = {
  idiot: [24, 24],
  moron: [24, 24],
  stupid: [12, 6],
  rubbish: [6, -4],
};
const SPECIAL = ['[PAD]', '[UNK]'];
const vocab = [...SPECIAL, ...Object.keys(WORDS)];
const weights = [[0, 0], UNKNOWN_WEIGHT, ...Object.values(WORDS)];

const floats = (values) => Buffer.from(new Float32Array(values).buffer);
const tensor = (name, dims, values) =>
  onnx.TensorProto.create({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: floats(values) });
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

const graph = onnx.GraphProto.create({
  name: 'parley-tiny-toxicity',
  initializer: [
    tensor('embedding', [vocab.length, LABELS.length], weights.flat()),
    tensor('classifier', [LABELS.length, LABELS.length], [1, 0, 0, 1]),
  ],
  node: [
    onnx.NodeProto.create({ opType: 'Gather', input: ['embedding', 'input_ids'], output: ['embedded'] }),
    onnx.NodeProto.create({
      opType: 'ReduceMean',
      input: ['embedded'],
      output: ['pooled'],
      attribute: [
        { name: 'axes', type: onnx.AttributeProto.AttributeType.INTS, ints: [1] },
        { name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 },
      ],
    }),
    onnx.NodeProto.create({ opType: 'MatMul', input: ['pooled', 'classifier'], output: ['logits'] }),
    onnx.NodeProto.create({ opType: 'Sigmoid', input: ['logits'], output: ['probabilities'] }),
  ],
  input: [valueInfo('input_ids', onnx.TensorProto.DataType.INT64, ['batch', 'sequence'])],
  output: [valueInfo('probabilities', onnx.TensorProto.DataType.FLOAT, ['batch', LABELS.length])],
});

const model = onnx.ModelProto.create({
  irVersion: 8,
  opsetImport: [{ domain: '', version: 13 }],
  producerName: 'parley build-tiny-toxicity-model.mjs',
  graph,
});

/** A BERT-style WordPiece tokenizer over the same vocabulary: lower-cased, split on spaces and punctuation. */
const tokenizer = {
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: SPECIAL.map((content, id) => ({
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
    vocab: Object.fromEntries(vocab.map((word, id) => [word, id])),
  },
};
const tokenizerConfig = {
  tokenizer_class: 'BertTokenizer',
  do_lower_case: true,
  model_max_length: 512,
  pad_token: '[PAD]',
  unk_token: '[UNK]',
};
/** What a Hugging Face model's config.json says about its outputs, which Parley reads for the labels. */
const config = {
  _name_or_path: 'parley/tiny-toxicity',
  architectures: ['ParleyTinyToxicity'],
  problem_type: 'multi_label_classification',
  id2label: Object.fromEntries(LABELS.map((label, id) => [String(id), label])),
  label2id: Object.fromEntries(LABELS.map((label, id) => [label, id])),
};

mkdirSync(outDir, { recursive: true });
const json = (value) => `${JSON.stringify(value, null, 2)}\n`;
const files = {
  'model.onnx': Buffer.from(onnx.ModelProto.encode(model).finish()),
  'tokenizer.json': json(tokenizer),
  'tokenizer_config.json': json(tokenizerConfig),
  'config.json': json(config),
};
for (const [name, content] of Object.entries(files)) {
  writeFileSync(join(outDir, name), content);
  const sha = createHash('sha256').update(content).digest('hex').slice(0, 16);
  console.log(`${join(outDir, name)}  ${Buffer.byteLength(content)} bytes  sha256 ${sha}…`);
}
