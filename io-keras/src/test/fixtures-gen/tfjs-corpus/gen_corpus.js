#!/usr/bin/env node
// TF.js part of the interop corpus (issue 12): a table of architectures built with the REAL TensorFlow.js 4.22
// (@tensorflow/tfjs, pure-JS cpu backend, Node 20), given deterministic asymmetric weights, saved the way tfjs-node's
// file:// handler saves (model.json + weights.bin) and predicted by tfjs itself.
//
//   node gen_corpus.js ../../resources/tfjs          (uses the node_modules of io-keras/src/test/interop/tfjs)
//
// Writes <out>/<name>/{model.json, weights.bin, cases.json}; cases.json follows shared/fixtures/README.md section 1.
// TfjsGoldenTest loads every folder and compares every case at rtol 1e-5 / atol 1e-6.
// Deterministic: weights and inputs are sin/cos ramps (no random draws), so re-running gives the same numbers.
'use strict';
const fs = require('fs');
const path = require('path');

const NODE_DIR = path.resolve(__dirname, '../../interop/tfjs/node_modules');
const tf = require(path.join(NODE_DIR, '@tensorflow/tfjs'));

const L = tf.layers;
const numel = (s) => s.reduce((p, d) => p * d, 1);

function ramp(n, k) {
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    v[i] = 0.55 * Math.sin(0.61 * i + 1.3 * k + 0.25) + 0.2 * Math.cos(0.17 * i * (k + 1)) + 0.03 * (k % 3);
  }
  return v;
}

// Every weight gets a distinct pattern, asymmetric per gate and unit; variances stay positive.
function rampWeights(model) {
  model.weights.forEach((w, k) => {
    const v = ramp(numel(w.shape), k);
    if (w.name.includes('moving_variance')) for (let i = 0; i < v.length; i++) v[i] = Math.abs(v[i]) + 0.5;
    w.write(tf.tensor(v, w.shape, 'float32'));
  });
}

function rampInput(shape, seed, scale) {
  const n = numel(shape);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = scale * (Math.sin(0.83 * i + 0.41 * seed) * 1.2 + 0.3 * Math.cos(0.29 * i + seed));
  return v;
}

// kind "ids": token ids in [1, 11] with trailing 0 padding (sample b drops (b % 3) + 1 steps);
// kind "padded": all-zero trailing steps (sample b zeroes (b % 2) + 1 steps).
function caseInput(kind, shape, seed, scale) {
  if (kind === 'ids') {
    const v = new Int32Array(numel(shape));
    for (let i = 0; i < v.length; i++) v[i] = scale === 0 ? 0 : ((i * 7 + 3 * seed) % 11) + 1;
    for (let b = 0; b < shape[0]; b++) {
      for (let t = shape[1] - (b % 3) - 1; t < shape[1]; t++) v[b * shape[1] + t] = 0;
    }
    return tf.tensor(v, shape, 'int32');
  }
  const v = rampInput(shape, seed, scale);
  if (kind === 'padded') {
    const step = numel(shape.slice(2));
    for (let b = 0; b < shape[0]; b++) {
      for (let t = shape[1] - 1 - (b % 2); t < shape[1]; t++) v.fill(0, (b * shape[1] + t) * step, (b * shape[1] + t + 1) * step);
    }
  }
  return tf.tensor(v, shape, 'float32');
}

function seq(inputShape, layers, batchSize) {
  const m = tf.sequential();
  layers.forEach((l, i) => {
    if (i === 0) {
      // the first layer carries the input shape, as tfjs users write it
      l = l(batchSize ? { batchInputShape: [batchSize, ...inputShape] } : { inputShape });
    }
    m.add(l);
  });
  return m;
}

// Each first-layer entry is a function of its input-shape option, so seq() can give the shape.
const first = (ctor, cfg) => (shape) => ctor({ ...cfg, ...shape });

// 'gelu_new' is left out: tfjs 4.22 saves it as "geluNew", a name its own loader does not know (the file cannot be
// read back by TF.js itself).
const ACTS = ['relu', 'tanh', 'sigmoid', 'hardSigmoid', 'softplus', 'softsign', 'selu', 'elu', 'swish', 'gelu',
  'relu6', 'linear', 'softmax'];

const TABLE = [
  {
    name: 'corpus_tfjs_bilstm_stack_ave_mul',
    description: 'Bidirectional(LSTM(4, returnSequences), ave) -> Bidirectional(LSTM(3), mul) -> Dense(2), input [6,3]',
    inputs: [[6, 3]],
    build: () => seq([6, 3], [
      first((c) => L.bidirectional({ layer: L.lstm({ units: 4, returnSequences: true }), mergeMode: 'ave', ...c })),
      L.bidirectional({ layer: L.lstm({ units: 3 }), mergeMode: 'mul' }), L.dense({ units: 2 })]),
  },
  {
    name: 'corpus_tfjs_gru_stack_dropout_backwards',
    description: 'GRU(5, returnSequences, goBackwards, dropout 0.2, recurrentDropout 0.3) -> GRU(3, sigmoid recurrent) '
      + '-> Dense(2), input [5,3]; dropout is the identity at inference',
    inputs: [[5, 3]],
    build: () => seq([5, 3], [
      first((c) => L.gru({ units: 5, returnSequences: true, goBackwards: true, dropout: 0.2, recurrentDropout: 0.3, ...c })),
      L.gru({ units: 3, recurrentActivation: 'sigmoid' }), L.dense({ units: 2 })]),
  },
  {
    name: 'corpus_tfjs_simple_rnn_unroll_backwards',
    description: 'SimpleRNN(5, returnSequences, goBackwards, unroll) -> SimpleRNN(3, relu) -> Dense(1), input [4,2]',
    inputs: [[4, 2]],
    build: () => seq([4, 2], [
      first((c) => L.simpleRNN({ units: 5, returnSequences: true, goBackwards: true, unroll: true, ...c })),
      L.simpleRNN({ units: 3, activation: 'relu' }), L.dense({ units: 1 })]),
  },
  {
    name: 'corpus_tfjs_rnn_activations_no_bias',
    description: 'LSTM(4, relu, hardSigmoid recurrent, useBias false, returnSequences) -> GRU(3, softsign, useBias false) '
      + '-> Dense(2, useBias false), input [5,2]',
    inputs: [[5, 2]],
    build: () => seq([5, 2], [
      first((c) => L.lstm({ units: 4, activation: 'relu', useBias: false, returnSequences: true, ...c })),
      L.gru({ units: 3, activation: 'softsign', useBias: false }), L.dense({ units: 2, useBias: false })]),
  },
  {
    name: 'corpus_tfjs_dense_every_activation',
    description: 'Dense(6, a) for a in ' + ACTS.join(', ') + ', input [5]',
    inputs: [[5]],
    build: () => seq([5], ACTS.map((a, i) => (i === 0 ? first((c) => L.dense({ units: 6, activation: a, ...c }))
      : L.dense({ units: 6, activation: a })))),
  },
  {
    name: 'corpus_tfjs_mish',
    description: 'Dense(4, mish) -> Dense(2), input [3]',
    inputs: [[3]],
    build: () => seq([3], [first((c) => L.dense({ units: 4, activation: 'mish', ...c })), L.dense({ units: 2 })]),
  },
  {
    name: 'corpus_tfjs_constraints_regularizers',
    description: 'LSTM(4, kernelConstraint maxNorm, recurrentConstraint unitNorm, biasConstraint nonNeg, l2/l1/l1l2 '
      + 'regularizers) -> Dense(2, kernelConstraint minMaxNorm, kernelRegularizer l1l2), input [4,2]',
    inputs: [[4, 2]],
    build: () => seq([4, 2], [
      first((c) => L.lstm({
        units: 4, kernelConstraint: tf.constraints.maxNorm({ maxValue: 2 }), recurrentConstraint: tf.constraints.unitNorm({}),
        biasConstraint: tf.constraints.nonNeg(), kernelRegularizer: tf.regularizers.l2({ l2: 0.01 }),
        recurrentRegularizer: tf.regularizers.l1({ l1: 0.02 }), biasRegularizer: tf.regularizers.l1l2({ l1: 0.01, l2: 0.02 }), ...c,
      })),
      L.dense({ units: 2, kernelConstraint: tf.constraints.minMaxNorm({ minValue: 0.1, maxValue: 1.5 }),
        kernelRegularizer: tf.regularizers.l1l2({ l1: 0.001, l2: 0.002 }) })]),
  },
  {
    name: 'corpus_tfjs_mask_zero_bigru_global_average',
    description: 'Embedding(12, 4, maskZero) -> Bidirectional(GRU(3, returnSequences), concat) -> GlobalAveragePooling1D '
      + '(TF.js ignores the mask here: supportsMasking is false) -> Dense(2), ids [6] with trailing 0 padding',
    inputs: [[6]], kind: 'ids',
    build: () => seq([6], [
      first((c) => L.embedding({ inputDim: 12, outputDim: 4, maskZero: true, ...c })),
      L.bidirectional({ layer: L.gru({ units: 3, returnSequences: true }) }), L.globalAveragePooling1d({}), L.dense({ units: 2 })]),
  },
  {
    name: 'corpus_tfjs_mask_zero_lstm_time_distributed',
    description: 'Embedding(12, 3, maskZero) -> LSTM(4, returnSequences) -> TimeDistributed(Dense(2)), ids [6]',
    inputs: [[6]], kind: 'ids',
    build: () => seq([6], [
      first((c) => L.embedding({ inputDim: 12, outputDim: 3, maskZero: true, ...c })),
      L.lstm({ units: 4, returnSequences: true }), L.timeDistributed({ layer: L.dense({ units: 2 }) })]),
  },
  {
    name: 'corpus_tfjs_masking_bilstm',
    description: 'Masking(0) -> Bidirectional(LSTM(3, returnSequences), concat) -> Bidirectional(LSTM(2), sum) -> Dense(1), '
      + 'input [5,3] with all-zero trailing steps',
    inputs: [[5, 3]], kind: 'padded',
    build: () => seq([5, 3], [
      first((c) => L.masking({ maskValue: 0, ...c })), L.bidirectional({ layer: L.lstm({ units: 3, returnSequences: true }) }),
      L.bidirectional({ layer: L.lstm({ units: 2 }), mergeMode: 'sum' }), L.dense({ units: 1 })]),
  },
  {
    name: 'corpus_tfjs_conv1d_max_pooling',
    description: 'Conv1D(4, 3, relu) -> MaxPooling1D(2) -> Conv1D(3, 2, same) -> GlobalMaxPooling1D -> Dense(2), input [10,2]',
    inputs: [[10, 2]],
    build: () => seq([10, 2], [
      first((c) => L.conv1d({ filters: 4, kernelSize: 3, activation: 'relu', ...c })), L.maxPooling1d({ poolSize: 2 }),
      L.conv1d({ filters: 3, kernelSize: 2, padding: 'same' }), L.globalMaxPooling1d({}), L.dense({ units: 2 })]),
  },
  {
    name: 'corpus_tfjs_conv1d_norm_lstm',
    description: 'Conv1D(5, 3, same, strides 1, tanh) -> LayerNormalization -> LSTM(4, returnSequences) -> '
      + 'BatchNormalization -> GlobalAveragePooling1D -> Dense(1), input [7,3] (inference: moving statistics)',
    inputs: [[7, 3]],
    build: () => seq([7, 3], [
      first((c) => L.conv1d({ filters: 5, kernelSize: 3, padding: 'same', activation: 'tanh', ...c })),
      L.layerNormalization({}), L.lstm({ units: 4, returnSequences: true }), L.batchNormalization({}),
      L.globalAveragePooling1d({}), L.dense({ units: 1 })]),
  },
  {
    name: 'corpus_tfjs_seq2seq_repeat_vector',
    description: 'LSTM(5) -> RepeatVector(3) -> LSTM(4, returnSequences) -> TimeDistributed(Dense(3, softmax)), input [4,2]',
    inputs: [[4, 2]],
    build: () => seq([4, 2], [
      first((c) => L.lstm({ units: 5, ...c })), L.repeatVector({ n: 3 }), L.lstm({ units: 4, returnSequences: true }),
      L.timeDistributed({ layer: L.dense({ units: 3, activation: 'softmax' }) })]),
  },
  {
    name: 'corpus_tfjs_dense_on_sequence_flatten',
    description: 'Dense(4, relu) on [5,3] (last axis) -> Dropout(0.3) -> Flatten -> Dense(2), input [5,3]',
    inputs: [[5, 3]],
    build: () => seq([5, 3], [
      first((c) => L.dense({ units: 4, activation: 'relu', ...c })), L.dropout({ rate: 0.3 }), L.flatten(),
      L.dense({ units: 2 })]),
  },
  {
    name: 'corpus_tfjs_fixed_batch',
    description: 'batchInputShape [3,4,2] -> LSTM(4) -> Dense(2): a fixed batch dimension',
    inputs: [[4, 2]], batch: 3,
    build: () => seq([4, 2], [first((c) => L.lstm({ units: 4, ...c })), L.dense({ units: 2 })], 3),
  },
  {
    name: 'corpus_tfjs_functional_merges',
    description: 'functional: inputs a, b [4,3]; LSTM(4)(a), GRU(4)(b); multiply, add, average -> concatenate -> '
      + 'Dense(2); second output Dense(1, sigmoid) of the LSTM',
    inputs: [[4, 3], [4, 3]],
    build: () => {
      const a = tf.input({ shape: [4, 3], name: 'a' });
      const b = tf.input({ shape: [4, 3], name: 'b' });
      const ha = L.lstm({ units: 4 }).apply(a);
      const hb = L.gru({ units: 4 }).apply(b);
      const merged = [L.multiply().apply([ha, hb]), L.add().apply([ha, hb]), L.average().apply([ha, hb])];
      const cat = L.concatenate().apply(merged);
      return tf.model({ inputs: [a, b], outputs: [L.dense({ units: 2 }).apply(cat),
        L.dense({ units: 1, activation: 'sigmoid' }).apply(ha)] });
    },
  },
  {
    name: 'corpus_tfjs_merge_maximum_minimum',
    description: 'functional: inputs a, b [3]; Dense(4)(a), Dense(4)(b); maximum, minimum -> concatenate -> Dense(2)',
    inputs: [[3], [3]],
    build: () => {
      const a = tf.input({ shape: [3], name: 'a' });
      const b = tf.input({ shape: [3], name: 'b' });
      const ha = L.dense({ units: 4 }).apply(a);
      const hb = L.dense({ units: 4 }).apply(b);
      const cat = L.concatenate().apply([L.maximum().apply([ha, hb]), L.minimum().apply([ha, hb])]);
      return tf.model({ inputs: [a, b], outputs: L.dense({ units: 2 }).apply(cat) });
    },
  },
  {
    name: 'corpus_tfjs_shared_and_nested',
    description: 'functional: a nested Sequential encoder (GRU(3, returnSequences) -> GRU(2)) shared by inputs left and '
      + 'right [4,3] -> concatenate -> shared Dense(2, tanh) applied twice -> add -> Dense(1)',
    inputs: [[4, 3], [4, 3]],
    build: () => {
      const enc = tf.sequential({ layers: [L.gru({ units: 3, returnSequences: true, inputShape: [4, 3] }), L.gru({ units: 2 })] });
      const l = tf.input({ shape: [4, 3], name: 'left' });
      const r = tf.input({ shape: [4, 3], name: 'right' });
      const el = enc.apply(l);
      const er = enc.apply(r);
      const d = L.dense({ units: 2, activation: 'tanh' });
      const s = L.add().apply([d.apply(el), d.apply(er)]);
      return tf.model({ inputs: [l, r], outputs: L.dense({ units: 1 }).apply(L.concatenate().apply([s, el, er])) });
    },
  },
  {
    name: 'corpus_tfjs_encoder_decoder_state',
    description: 'functional: LSTM(4, returnState) over enc [5,2]; decoder LSTM(4, returnSequences) over dec [3,2] with '
      + 'initialState [h, c]; TimeDistributed(Dense(2))',
    inputs: [[5, 2], [3, 2]],
    build: () => {
      const enc = tf.input({ shape: [5, 2], name: 'enc' });
      const dec = tf.input({ shape: [3, 2], name: 'dec' });
      const [, h, c] = L.lstm({ units: 4, returnState: true }).apply(enc);
      const y = L.lstm({ units: 4, returnSequences: true }).apply(dec, { initialState: [h, c] });
      return tf.model({ inputs: [enc, dec], outputs: L.timeDistributed({ layer: L.dense({ units: 2 }) }).apply(y) });
    },
  },
  {
    name: 'corpus_tfjs_conv2d_small',
    description: 'Conv2D(4, 3, relu) -> Conv2D(3, 2, strides 2, same, tanh) -> Flatten -> Dense(2), input [8,7,2]',
    inputs: [[8, 7, 2]],
    build: () => seq([8, 7, 2], [
      first((c) => L.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', ...c })),
      L.conv2d({ filters: 3, kernelSize: 2, strides: 2, padding: 'same', activation: 'tanh' }), L.flatten(),
      L.dense({ units: 2 })]),
  },
  {
    name: 'corpus_tfjs_nested_in_sequential',
    description: 'sequential of a nested sequential (Dense(4, relu) -> LSTM(3)) and Dense(2), input [4,2]',
    inputs: [[4, 2]],
    build: () => {
      const block = tf.sequential({ layers: [L.dense({ units: 4, activation: 'relu', inputShape: [4, 2] }),
        L.lstm({ units: 3 })] });
      return tf.sequential({ layers: [block, L.dense({ units: 2 })] });
    },
  },
  {
    // issue 18: appended last so that the layer-name counters of the entries above are unchanged
    name: 'corpus_tfjs_merge_dot',
    description: 'functional: inputs q [3,4], k [5,4], c [3,2], u, v [6]; Dot(axes 2)(q, Dense(4)(k)) [3,5]; '
      + 'Dot(axes [1,1], normalize)(q, c) [4,2] (cosine over the steps); Dot(axes -1, normalize)(Dense(3)(u), Dense(3)(v)) [1]; '
      + 'Dot(axes [1,2])(c, Dense(3)(k)) [2,5]; outputs flattened and concatenated -> Dense(2), plus the raw [3,5] scores',
    inputs: [[3, 4], [5, 4], [3, 2], [6], [6]],
    build: () => {
      const q = tf.input({ shape: [3, 4], name: 'q' });
      const k = tf.input({ shape: [5, 4], name: 'k' });
      const c = tf.input({ shape: [3, 2], name: 'c' });
      const u = tf.input({ shape: [6], name: 'u' });
      const v = tf.input({ shape: [6], name: 'v' });
      const scores = L.dot({ axes: 2 }).apply([q, L.dense({ units: 4 }).apply(k)]);
      const cosine = L.dot({ axes: [1, 1], normalize: true }).apply([q, c]);
      const pair = L.dot({ axes: -1, normalize: true }).apply([L.dense({ units: 3 }).apply(u), L.dense({ units: 3 }).apply(v)]);
      const mixed = L.dot({ axes: [1, 2] }).apply([c, L.dense({ units: 3 }).apply(k)]);
      const flat = L.concatenate().apply([L.flatten().apply(scores), L.flatten().apply(cosine), pair, L.flatten().apply(mixed)]);
      return tf.model({ inputs: [q, k, c, u, v], outputs: [L.dense({ units: 2 }).apply(flat), scores] });
    },
  },
  {
    // appended last (layer-name counters above unchanged)
    name: 'corpus_tfjs_normalization_axes',
    // (no BatchNormalization over axis 1: TF.js 4.22's cpu kernel cycles the [4] statistics over the flat
    // input instead of broadcasting them along axis 1, so Engram refuses that layer from and into TF.js)
    description: 'functional, input [4,5]: LayerNormalization over axis 1, over [1, 2] (epsilon 0.01) and over -2 '
      + '(no scale)',
    inputs: [[4, 5]],
    build: () => {
      const x = tf.input({ shape: [4, 5], name: 'x' });
      return tf.model({ inputs: x, outputs: [L.layerNormalization({ axis: 1 }).apply(x),
        L.layerNormalization({ axis: [1, 2], epsilon: 0.01 }).apply(x),
        L.layerNormalization({ axis: -2, scale: false }).apply(x)] });
    },
  },
];

function tensorJson(name, t) {
  return { name, shape: t.shape.slice(), dtype: t.dtype, data: Array.from(t.dataSync()) };
}

async function save(model, dir) {
  fs.mkdirSync(dir, { recursive: true });
  await model.save(tf.io.withSaveHandler(async (art) => {
    const bin = tf.io.CompositeArrayBuffer.join(art.weightData);
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify({
      modelTopology: art.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: art.weightSpecs }],
      format: art.format, generatedBy: art.generatedBy, convertedBy: art.convertedBy,
    }));
    fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(bin));
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
  }));
}

// The model as TF.js itself reads the saved files back: the reference is what the FILE computes in TF.js (tfjs drops
// keyword arguments it cannot serialise, so an in-memory model may compute something its file does not).
async function reload(dir) {
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const bin = fs.readFileSync(path.join(dir, 'weights.bin'));
  const data = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest[0].weights, weightData: data }));
}

async function main() {
  const out = process.argv[2];
  if (!out) throw new Error('usage: node gen_corpus.js <out dir>');
  await tf.setBackend('cpu');
  for (const spec of TABLE) {
    const model = spec.build();
    rampWeights(model);
    const dir = path.join(out, spec.name);
    await save(model, dir);
    const live = model;
    const file = await reload(dir);
    const runs = spec.batch
      ? [['fixed_batch', spec.batch, 2, 1.0], ['fixed_batch_large_values', spec.batch, 3, 4.0]]
      : [['single', 1, 1, 1.0], ['batch4', 4, 2, 1.0], ['large_values', 2, 3, 4.0], ['zeros', 1, 0, 0.0]];
    let inMemoryDrift = 0;
    const cases = runs.map(([name, b, seed, scale]) => {
      const xs = spec.inputs.map((s, j) => caseInput(spec.kind, [b, ...s], seed + 5 * j, scale));
      const run = (m) => { const y = m.predict(xs.length === 1 ? xs[0] : xs); return Array.isArray(y) ? y : [y]; };
      const ys = run(file);
      const mem = run(live);
      const drift = Math.max(...ys.map((y, j) => y.sub(mem[j]).abs().max().dataSync()[0]));
      if (drift > 0) inMemoryDrift = Math.max(inMemoryDrift, drift);
      return { name, inputs: xs.map((x, j) => tensorJson(model.inputNames[j], x)),
        outputs: ys.map((y, j) => tensorJson(model.outputNames[j], y)) };
    });
    fs.writeFileSync(path.join(dir, 'cases.json'), JSON.stringify({
      fixture: spec.name,
      description: spec.description,
      producer: { tool: 'TensorFlow.js', package: '@tensorflow/tfjs', version: tf.version.tfjs,
        layersVersion: tf.version['tfjs-layers'], backend: tf.getBackend(), runtime: 'Node.js ' + process.versions.node,
        script: 'io-keras/src/test/fixtures-gen/tfjs-corpus/gen_corpus.js' },
      model: 'model.json',
      // max |reloaded - in-memory| over the cases: non-zero when the saved topology lost something (see reload())
      reloadedVsInMemoryMaxAbsDiff: inMemoryDrift,
      tolerance: { rtol: 1e-5, atol: 1e-6 },
      inputNames: model.inputNames, outputNames: model.outputNames,
      layers: model.layers.map((l) => ({ name: l.name, className: l.getClassName() })),
      cases,
    }, null, 1) + '\n');
    console.log('wrote', dir);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
