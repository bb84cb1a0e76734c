// Engram TensorFlow.js fixture generator.
//
// Writes engine/src/test/resources/tfjs/<fixture>/ (model.json, weights.bin, cases.json,
// weights-dump.json and, for training fixtures, training.json + initial/).
//
//   cd engine/src/test/fixtures-gen/tfjs && npm ci && node gen.js
//
// Every number in the output is computed by @tensorflow/tfjs 4.22.0 itself (cpu backend); this
// script only builds the models, feeds data and records what tfjs reports.  Re-running it
// reproduces every file byte for byte (Math.random is replaced by a seeded PRNG before tfjs is
// loaded, because tfjs initialisers draw their seeds from Math.random).
'use strict';

const fs = require('fs');
const path = require('path');

// ---------------------------------------------------------------------------------------------
// Deterministic randomness.  sfc32 (Chris Doty-Humphrey's "small fast counting" generator),
// state expanded from a 32-bit seed with splitmix32.
// ---------------------------------------------------------------------------------------------
function splitmix32(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9E3779B9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85EBCA6B) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xC2B2AE35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function sfc32FromSeed(seed) {
  const sm = splitmix32(seed);
  let a = sm(), b = sm(), c = sm(), d = sm();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 16; i++) next(); // warm-up
  return next;
}

// Must happen before tfjs is required.
Math.random = sfc32FromSeed(0x456E6772); // "Engr"

const tf = require('@tensorflow/tfjs');

const OUT_ROOT = path.resolve(__dirname, '..', '..', 'resources', 'tfjs');

// Data RNG, independent of Math.random (so the data does not depend on how many random numbers
// the initialisers consumed).  Values are rounded to float32 so the JSON holds exactly what tfjs saw.
class DataRng {
  constructor(seed) { this.u = sfc32FromSeed(seed); }
  uniform(lo, hi) { return lo + (hi - lo) * this.u(); }
  floats(n, lo, hi) {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.uniform(lo, hi);
    return out;
  }
}

const numel = (shape) => shape.reduce((p, d) => p * d, 1);
const f32 = (x) => Math.fround(x);

// ---------------------------------------------------------------------------------------------
// Serialisation helpers
// ---------------------------------------------------------------------------------------------
function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 1) + '\n', 'utf8');
}

function tensorJson(name, t) {
  return { name, shape: t.shape.slice(), dtype: t.dtype, data: Array.from(t.dataSync()) };
}

function producerInfo() {
  return {
    tool: 'TensorFlow.js',
    package: '@tensorflow/tfjs',
    version: tf.version.tfjs,
    layersVersion: tf.version['tfjs-layers'],
    backend: tf.getBackend(),
    runtime: 'Node.js ' + process.versions.node,
  };
}

function dumpWeights(model) {
  return model.weights.map((v) => {
    const t = v.read();
    return { name: v.originalName || v.name, shape: v.shape.slice(), dtype: v.dtype, data: Array.from(t.dataSync()) };
  });
}

// model.json exactly as tfjs-node's file:// IOHandler lays it out (compact JSON; keys
// modelTopology, weightsManifest, format, generatedBy, convertedBy[, trainingConfig]) and a
// single weights.bin with all weights, little-endian float32, manifest order.
async function saveLayersModel(model, dir, includeOptimizer = false) {
  fs.mkdirSync(dir, { recursive: true });
  let saved = null;
  const handler = tf.io.withSaveHandler(async (art) => {
    const bin = tf.io.CompositeArrayBuffer.join(art.weightData);
    const json = {
      modelTopology: art.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: art.weightSpecs }],
      format: art.format,
      generatedBy: art.generatedBy,
      convertedBy: art.convertedBy,
    };
    if (art.trainingConfig != null) json.trainingConfig = art.trainingConfig;
    if (art.signature != null) json.signature = art.signature;
    if (art.userDefinedMetadata != null) json.userDefinedMetadata = art.userDefinedMetadata;
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json), 'utf8');
    fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(bin));
    saved = { specs: art.weightSpecs, bytes: bin.byteLength };
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON', weightDataBytes: bin.byteLength } };
  });
  await model.save(handler, { includeOptimizer });
  return saved;
}

async function loadLayersModel(dir) {
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const specs = [];
  const parts = [];
  for (const group of json.weightsManifest) {
    for (const p of group.paths) parts.push(fs.readFileSync(path.join(dir, p)));
    for (const w of group.weights) specs.push(w);
  }
  const buf = Buffer.concat(parts);
  const weightData = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  return tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: json.modelTopology, weightSpecs: specs, weightData,
    format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy,
    trainingConfig: json.trainingConfig,
  }));
}

function layerTable(model) {
  return model.layers.map((l) => ({
    name: l.name,
    className: l.getClassName(),
    outputShape: l.outputShape,
    weights: l.weights.map((w) => ({ name: w.originalName || w.name, shape: w.shape.slice() })),
  }));
}

// Predictions plus the output of every layer for each case.
function evaluateCases(model, caseList) {
  const probe = tf.model({ inputs: model.inputs, outputs: model.layers.map((l) => l.output) });
  return caseList.map((c) => {
    const y = model.predict(c.x);
    let per = probe.predict(c.x);
    if (!Array.isArray(per)) per = [per];
    return {
      name: c.name,
      description: c.description,
      inputs: [tensorJson(model.inputNames[0], c.x)],
      outputs: [tensorJson(model.outputNames[0], y)],
      layerOutputs: per.map((t, i) => ({
        layer: model.layers[i].name, className: model.layers[i].getClassName(),
        shape: t.shape.slice(), dtype: t.dtype, data: Array.from(t.dataSync()),
      })),
    };
  });
}

function standardCases(seed, sampleShape, extra = []) {
  const rng = new DataRng(seed);
  const mk = (b, lo, hi) => tf.tensor(rng.floats(b * numel(sampleShape), lo, hi), [b, ...sampleShape], 'float32');
  return [
    { name: 'single', description: 'batch of 1, uniform(-1,1)', x: mk(1, -1, 1) },
    { name: 'batch3', description: 'batch of 3, uniform(-1,1)', x: mk(3, -1, 1) },
    { name: 'large_values', description: 'batch of 2, uniform(-4,4) (saturating activations)', x: mk(2, -4, 4) },
    { name: 'zeros', description: 'batch of 1, all zeros', x: tf.zeros([1, ...sampleShape]) },
    ...extra.map((e) => ({ name: e.name, description: e.description, x: e.x || mk(e.batch, e.lo, e.hi) })),
  ];
}

async function writeFixtureFiles(dir, spec, model, caseList, extra) {
  const saved = await saveLayersModel(model, dir);
  const cases = evaluateCases(model, caseList);
  writeJson(path.join(dir, 'cases.json'), {
    fixture: spec.name,
    description: spec.description,
    producer: producerInfo(),
    model: 'model.json',
    tolerance: { rtol: 1e-5, atol: 1e-6, note: 'float32 inference; compare |got-exp| <= atol + rtol*|exp|' },
    dataLayout: 'data arrays are flat, row-major (C order) over shape; float32 values written as exact decimal doubles',
    inputNames: model.inputNames,
    outputNames: model.outputNames,
    layers: layerTable(model),
    weightsBinBytes: saved.bytes,
    ...extra,
    cases,
  });
  writeJson(path.join(dir, 'weights-dump.json'), {
    note: 'Same values as weights.bin, in manifest order, for debugging a loader. Flat row-major data.',
    manifest: saved.specs,
    weights: dumpWeights(model),
  });
  return { saved, cases };
}

// ---------------------------------------------------------------------------------------------
// Update rules, as implemented in tfjs-core 4.22.0 (node_modules/@tensorflow/tfjs-core/dist/optimizers/*.js).
// All arithmetic is float32 tensor arithmetic; JS-number hyper-parameters (e.g. 1-decay, computed
// in double) become float32 scalars.
// ---------------------------------------------------------------------------------------------
const RULE_RMSPROP = 'tfjs RMSPropOptimizer (centered=false, the default): ms = decay*ms + (1-decay)*g^2; '
  + 'mom = momentum*mom + lr*g / sqrt(ms + eps); w = w - mom. ms and mom start at 0 and the NEW ms is used in the same step; '
  + 'eps is INSIDE the sqrt (Keras puts it outside) and defaults to the backend epsilon 1e-7; decay 0.9, momentum 0 '
  + '(so effectively w -= lr*g/sqrt(ms+eps)); no bias correction. float32 evaluation order: ms\' = ms*decay + square(g)*(1-decay); '
  + 'mom\' = mom*momentum + (g*lr)/sqrt(ms\'+eps); w\' = w - mom\'. '
  + '(centered=true, not used here: mg = decay*mg + (1-decay)*g, denominator sqrt(ms - (mg^2 + eps)).) '
  + 'Loss meanSquaredError = mean over all elements of (yPred-yTrue)^2.';
const RULE_MOMENTUM = 'tfjs MomentumOptimizer (useNesterov=false): accum = momentum*accum + g; w = w + (-lr)*accum '
  + '(i.e. w -= lr*accum). accum starts at 0, so step 1 is w -= lr*g; lr is applied outside the accumulator '
  + '(Keras SGD(momentum) keeps v = m*v - lr*g; identical for a constant lr up to float32 rounding). '
  + '(useNesterov=true, not used here: w += (-lr)*(g + momentum*accum_new).) '
  + 'Loss categoricalCrossentropy: p = yPred / sum(yPred, last axis); p = clip(p, eps, 1-eps) with eps 1e-7; '
  + 'per-sample loss -sum(y*log p); batch loss = mean over the batch (gradient flows through softmax, the renormalisation and the clip).';
const RULE_ADAM = 'tfjs AdamOptimizer: m = beta1*m + (1-beta1)*g; v = beta2*v + (1-beta2)*g^2; '
  + 'w = w + (-lr) * (m/(1-accBeta1)) / (sqrt(v/(1-accBeta2)) + eps), where accBeta1/accBeta2 are float32 variables that start at '
  + 'beta1/beta2 and are multiplied by beta1/beta2 after every step (so they equal beta^t with t = 1 on the first step); '
  + 'eps OUTSIDE the sqrt of the bias-corrected v, eps defaults to the backend epsilon 1e-7; beta1 0.9, beta2 0.999. '
  + 'Loss meanSquaredError = mean over all elements of (yPred-yTrue)^2.';
const RULE_SGD = 'tfjs SGDOptimizer: w = w - lr*g, evaluated in float32 as w\' = (-lr)*g + w with -lr a float32 scalar; no state, '
  + 'no momentum.';

const RULE_ADAMAX = 'tfjs AdamaxOptimizer (decay 0): m = beta1*m + (1-beta1)*g; u = max(beta2*u, |g|); '
  + 'w = w + ((-lr/(iteration*decay+1)) / (1-accBeta1)) * (m/(u+eps)), where accBeta1 is a float32 variable that starts at beta1 '
  + 'and is multiplied by beta1 after every step; eps defaults to the backend epsilon 1e-7. Loss meanSquaredError.';
const RULE_ADADELTA = 'tfjs AdadeltaOptimizer: newAg = rho*ag + (1-rho)*g^2; update = sqrt(au+eps)/sqrt(ag+eps)*g with the OLD ag and au '
  + '(both before this step); au = rho*au + (1-rho)*update^2; ag = newAg; w = w + (-lr)*update; eps defaults to the backend epsilon '
  + '1e-7. Loss meanSquaredError.';
const RULE_SGD_L1L2 = 'tfjs SGDOptimizer: w = w + (-lr)*g, where g is the gradient of the total loss = mean loss + the regularizer '
  + 'penalties (L1L2: l1*sum|w| + l2*sum w^2 per regularized weight, computed on the weights before the update). The reported batch '
  + 'loss INCLUDES the penalties. Loss meanSquaredError.';

function denseRegressionData(seed, n, F, K) {
  const rng = new DataRng(seed);
  const x = rng.floats(n * F, -1, 1);
  const y = new Float32Array(n * K);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let j = 0; j < F; j++) s += x[i * F + j] * Math.sin(1.1 * j + 0.7 * k + 0.3);
      y[i * K + k] = f32(0.8 * Math.tanh(s) + 0.1 * k);
    }
  }
  return { x: tf.tensor2d(x, [n, F]), y: tf.tensor2d(y, [n, K]) };
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------
function seqData(seed, n, steps, feats) {
  const rng = new DataRng(seed);
  return rng.floats(n * steps * feats, -1, 1);
}

// Synthetic 28x28 "digits" for the MNIST convnet (no download): image i has class k = i mod 10, a ring of
// radius 5 + k/3 centred at a class-dependent point and a bar through it at angle k*pi/10, blurred by a
// smooth falloff, plus uniform(0, 0.15) noise, clipped to [0, 1]; float32 like the MNIST pixels / 255.
function mnistData(seed, n) {
  const rng = new DataRng(seed);
  const x = new Float32Array(n * 28 * 28);
  const y = new Float32Array(n * 10);
  for (let i = 0; i < n; i++) {
    const k = i % 10;
    const cr = 14 + ((k % 3) - 1) * 3, cc = 14 + ((Math.floor(k / 3) % 3) - 1) * 3;
    const radius = 5 + k / 3, angle = k * Math.PI / 10;
    for (let r = 0; r < 28; r++) {
      for (let c = 0; c < 28; c++) {
        const dr = r - cr, dc = c - cc;
        const ring = Math.exp(-Math.pow(Math.hypot(dr, dc) - radius, 2) / 2);
        const bar = Math.exp(-Math.pow(dr * Math.cos(angle) - dc * Math.sin(angle), 2) / 1.5) * (Math.hypot(dr, dc) < 9 ? 1 : 0);
        x[(i * 28 + r) * 28 + c] = f32(Math.min(1, Math.max(0, ring + 0.8 * bar + rng.uniform(0, 0.15))));
      }
    }
    y[i * 10 + k] = 1;
  }
  return { x: tf.tensor4d(x, [n, 28, 28, 1]), y: tf.tensor2d(y, [n, 10]) };
}

const FIXTURES = [
  {
    name: 'lstm_stack_rmsprop',
    description: 'Stacked LSTMs trained with RMSProp: LSTM(6, returnSequences=true, inputShape [5,3]) -> LSTM(4) -> Dense(2). '
      + 'Default LSTM options (tanh, recurrentActivation hardSigmoid). meanSquaredError, tf.train.rmsprop(0.01) (decay 0.9, momentum 0, '
      + 'epsilon 1e-7, centered false), batchSize 8, 40 samples (5 full batches), 4 epochs, shuffle false; full training record.',
    layers: () => [
      tf.layers.lstm({ units: 6, returnSequences: true, inputShape: [5, 3] }),
      tf.layers.lstm({ units: 4 }),
      tf.layers.dense({ units: 2 }),
    ],
    training() {
      const n = 40, T = 5, F = 3;
      const x = seqData(5101, n, T, F);
      const y = new Float32Array(n * 2);
      for (let i = 0; i < n; i++) {
        let s0 = 0, s1 = 0;
        for (let t = 0; t < T; t++) {
          const b = (i * T + t) * F;
          s0 += x[b] * (t + 1) / T - 0.5 * x[b + 2];
          s1 += x[b + 1];
        }
        y[i * 2] = f32(0.7 * Math.sin(1.3 * s0 / T + 0.4));
        y[i * 2 + 1] = f32(0.6 * Math.cos(2 * s1 / T) - 0.3);
      }
      return {
        optimizer: () => tf.train.rmsprop(0.01), loss: 'meanSquaredError', batchSize: 8, epochs: 4,
        x: tf.tensor3d(x, [n, T, F]), y: tf.tensor2d(y, [n, 2]), updateRules: RULE_RMSPROP,
      };
    },
    cases: (m, tr) => standardCases(5102, [5, 3], [
      { name: 'train_first4', description: 'the first 4 training samples', x: tr.x.slice([0, 0, 0], [4, 5, 3]) },
    ]),
  },
  {
    name: 'softmax_classifier_momentum',
    description: 'MLP classifier trained with momentum SGD: Dense(12, relu, inputShape [5]) -> Dense(4, softmax). categoricalCrossentropy, '
      + 'tf.train.momentum(0.05, 0.9) (useNesterov false), batchSize 7, 30 samples so the batches are 7,7,7,7,2 (the LAST BATCH IS PARTIAL: '
      + 'epoch loss = batch losses weighted by batch size), 5 epochs, shuffle false, one-hot targets; full training record.',
    layers: () => [
      tf.layers.dense({ units: 12, activation: 'relu', inputShape: [5] }),
      tf.layers.dense({ units: 4, activation: 'softmax' }),
    ],
    training() {
      const n = 30, F = 5, K = 4;
      const rng = new DataRng(5201);
      const x = rng.floats(n * F, -1, 1);
      const y = new Float32Array(n * K);
      const counts = [0, 0, 0, 0];
      for (let i = 0; i < n; i++) {
        const v = Array.from(x.subarray(i * F, i * F + F));
        const score = [
          v[0] + 0.5 * v[1],
          -v[0] + 0.6 * v[2],
          v[3] - 0.4 * v[1] + 0.2,
          -v[3] + 0.7 * v[4] - 0.1,
        ];
        let k = 0;
        for (let j = 1; j < K; j++) if (score[j] > score[k]) k = j;
        y[i * K + k] = 1;
        counts[k]++;
      }
      if (counts.some((c) => c === 0)) throw new Error('softmax_classifier_momentum: a class is empty ' + counts);
      return {
        optimizer: () => tf.train.momentum(0.05, 0.9, false), loss: 'categoricalCrossentropy', batchSize: 7, epochs: 5,
        x: tf.tensor2d(x, [n, F]), y: tf.tensor2d(y, [n, K]), updateRules: RULE_MOMENTUM,
      };
    },
    cases: (m, tr) => standardCases(5202, [5], [
      { name: 'train_last2', description: 'the last 2 training samples (the partial batch)', x: tr.x.slice([28, 0], [2, 5]) },
    ]),
  },
  {
    name: 'lstm_adam_ragged_batch',
    description: 'LSTM(5, inputShape [3,2], unitForgetBias=true, recurrentActivation "sigmoid", activation "tanh") -> Dense(1). '
      + 'meanSquaredError, tf.train.adam(0.02) (beta1 0.9, beta2 0.999, epsilon 1e-7), batchSize 6, 20 samples so the batches are 6,6,6,2 '
      + '(last batch partial), 3 epochs, shuffle false; full training record.',
    layers: () => [
      tf.layers.lstm({ units: 5, inputShape: [3, 2], unitForgetBias: true, recurrentActivation: 'sigmoid', activation: 'tanh' }),
      tf.layers.dense({ units: 1 }),
    ],
    training() {
      const n = 20, T = 3, F = 2;
      const x = seqData(5301, n, T, F);
      const y = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const b = i * T * F;
        y[i] = f32(0.5 * Math.sin(1.5 * (x[b] + x[b + 3])) + 0.3 * x[b + 4] * x[b + 5]);
      }
      return {
        optimizer: () => tf.train.adam(0.02), loss: 'meanSquaredError', batchSize: 6, epochs: 3,
        x: tf.tensor3d(x, [n, T, F]), y: tf.tensor2d(y, [n, 1]), updateRules: RULE_ADAM,
      };
    },
    cases: (m, tr) => standardCases(5302, [3, 2], [
      { name: 'train_last2', description: 'the last 2 training samples (the partial batch)', x: tr.x.slice([18, 0, 0], [2, 3, 2]) },
    ]),
  },
  {
    name: 'lstm_options_forward',
    description: 'LSTM(7, returnSequences=true, goBackwards=true, activation "relu", recurrentActivation "sigmoid", useBias=true, '
      + 'inputShape [4,3]) -> Dense(3, activation "elu") applied to every time step (Dense on a rank-3 tensor acts on the last axis). '
      + 'goBackwards reads input steps T-1..0; with returnSequences tfjs returns the outputs in PROCESSING order, i.e. output step k is the '
      + 'state after reading input steps T-1..T-1-k (NOT re-reversed), so the last output step equals the returnSequences=false output. '
      + 'Forward only (briefly pre-trained so the weights are non-trivial).',
    layers: () => [
      tf.layers.lstm({
        units: 7, returnSequences: true, goBackwards: true, activation: 'relu', recurrentActivation: 'sigmoid',
        useBias: true, inputShape: [4, 3],
      }),
      tf.layers.dense({ units: 3, activation: 'elu' }),
    ],
    preFit: { seed: 5401, samples: 32, batchSize: 8, epochs: 2, loss: 'meanSquaredError', optimizer: () => tf.train.adam(0.02) },
    cases: () => standardCases(5402, [4, 3]),
  },
  {
    name: 'dense_activations_forward',
    description: 'MLP exercising every tfjs layer activation we support: Dense(8 selu, inputShape [4]) -> Dense(8 softplus) -> '
      + 'Dense(8 softsign) -> Dense(8 relu6) -> Dense(6 swish) -> Dense(6 gelu) -> Dense(6 hardSigmoid) -> Dense(5 linear). '
      + 'tfjs formulas: selu = 1.0507009873554805*(x>0 ? x : 1.6732632423543772*(exp(x)-1)); softsign = x/(1+|x|); relu6 = min(6, relu(x)); '
      + 'swish = sigmoid(x)*x; gelu = x*0.5*(1+erf(x/sqrt 2)) where the cpu erf is the Abramowitz-Stegun 7.1.26 approximation '
      + '(|error| <= 1.5e-7); hardSigmoid = clip(0.2x+0.5, 0, 1). Kernels were initialised with VarianceScaling(scale 5, or 30 for the relu6 layer) so '
      + 'the cases reach relu6 clipping at 6, hardSigmoid saturation at 0 and 1, the negative selu/swish/gelu branches and large softplus inputs '
      + '(see the wide_range and large_values cases). Forward only (briefly pre-trained so the weights and biases are non-trivial). '
      + 'tfjs 4.22 also accepts "mish" and "gelu_new" as layer activations (not used here); all requested activations were accepted.',
    layers() {
      // Kernels drawn with a larger variance (still a VarianceScaling initialiser) so that the pre-activations reach the
      // interesting regions: relu6 clipping at 6, hardSigmoid saturating at 0 and 1, softplus/selu tails.
      const k = (scale = 5) => tf.initializers.varianceScaling({ scale, mode: 'fanAvg', distribution: 'normal' });
      return [
        tf.layers.dense({ units: 8, activation: 'selu', inputShape: [4], kernelInitializer: k() }),
        tf.layers.dense({ units: 8, activation: 'softplus', kernelInitializer: k() }),
        tf.layers.dense({ units: 8, activation: 'softsign', kernelInitializer: k() }),
        tf.layers.dense({ units: 8, activation: 'relu6', kernelInitializer: k(30) }),
        tf.layers.dense({ units: 6, activation: 'swish', kernelInitializer: k() }),
        tf.layers.dense({ units: 6, activation: 'gelu', kernelInitializer: k() }),
        tf.layers.dense({ units: 6, activation: 'hardSigmoid', kernelInitializer: k() }),
        tf.layers.dense({ units: 5, activation: 'linear', kernelInitializer: k() }),
      ];
    },
    preFit: { seed: 5501, samples: 32, batchSize: 8, epochs: 3, loss: 'meanSquaredError', optimizer: () => tf.train.adam(0.02) },
    cases: () => standardCases(5502, [4], [
      { name: 'wide_range', description: 'batch of 4, uniform(-10,10) (relu6 / hardSigmoid clipping, softplus and selu tails)', batch: 4, lo: -10, hi: 10 },
    ]),
  },
  {
    name: 'lstm_no_bias_forward',
    description: 'LSTM(4, useBias=false, inputShape [6,2]) -> Dense(2, useBias=false): no bias weights at all (LSTM has only kernel and '
      + 'recurrent_kernel, Dense only kernel). Default tanh / hardSigmoid. Forward only (briefly pre-trained).',
    layers: () => [
      tf.layers.lstm({ units: 4, useBias: false, inputShape: [6, 2] }),
      tf.layers.dense({ units: 2, useBias: false }),
    ],
    preFit: { seed: 5601, samples: 32, batchSize: 8, epochs: 3, loss: 'meanSquaredError', optimizer: () => tf.train.adam(0.02) },
    cases: () => standardCases(5602, [6, 2]),
  },
  // Fixtures below reseed Math.random themselves (rngSeed), so their weights do not depend on how many
  // fixtures run before them; only the process-global layer-name counters do.
  {
    name: 'bidirectional_lstm_adam',
    rngSeed: 5701,
    description: 'Bidirectional(LSTM(4), mergeMode "concat", inputShape [4,3]) -> Dense(1). Default LSTM options. The wrapper holds '
      + 'forward_<lstm> and backward_<lstm> (goBackwards flipped); its weights are the forward ones then the backward ones. '
      + 'meanSquaredError, tf.train.adam(0.02), batchSize 6, 20 samples so the batches are 6,6,6,2 (last batch partial), 3 epochs, '
      + 'shuffle false; full training record.',
    layers: () => [
      tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 4 }), mergeMode: 'concat', inputShape: [4, 3] }),
      tf.layers.dense({ units: 1 }),
    ],
    training() {
      const n = 20, T = 4, F = 3;
      const x = seqData(5702, n, T, F);
      const y = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const b = i * T * F;
        // Depends on the first and the last step, so both directions matter.
        y[i] = f32(0.6 * Math.tanh(x[b] - x[b + (T - 1) * F + 1]) + 0.2 * x[b + 2] * x[b + (T - 1) * F + 2]);
      }
      return {
        optimizer: () => tf.train.adam(0.02), loss: 'meanSquaredError', batchSize: 6, epochs: 3,
        x: tf.tensor3d(x, [n, T, F]), y: tf.tensor2d(y, [n, 1]), updateRules: RULE_ADAM,
      };
    },
    cases: (m, tr) => standardCases(5703, [4, 3], [
      { name: 'train_last2', description: 'the last 2 training samples (the partial batch)', x: tr.x.slice([18, 0, 0], [2, 4, 3]) },
    ]),
  },
  {
    name: 'bidirectional_ave_sequences_time_distributed_adam',
    rngSeed: 5711,
    description: 'Bidirectional(LSTM(3, returnSequences=true), mergeMode "ave", inputShape [5,2]) -> TimeDistributed(Dense(2, tanh)). '
      + 'With returnSequences tfjs reverses the backward layer\'s outputs back to input time order before merging; '
      + 'ave = 0.5*(forward + backward). meanSquaredError over [batch, 5, 2] targets, tf.train.adam(0.01), batchSize 5, 15 samples, '
      + '2 epochs, shuffle false; full training record.',
    layers: () => [
      tf.layers.bidirectional({
        layer: tf.layers.lstm({ units: 3, returnSequences: true }), mergeMode: 'ave', inputShape: [5, 2],
      }),
      tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 2, activation: 'tanh' }) }),
    ],
    training() {
      const n = 15, T = 5, F = 2;
      const x = seqData(5712, n, T, F);
      const y = new Float32Array(n * T * 2);
      for (let i = 0; i < n; i++) {
        for (let t = 0; t < T; t++) {
          const prev = t > 0 ? x[(i * T + t - 1) * F] : 0;
          const next = t < T - 1 ? x[(i * T + t + 1) * F + 1] : 0;
          y[(i * T + t) * 2] = f32(0.5 * Math.sin(prev + x[(i * T + t) * F]));
          y[(i * T + t) * 2 + 1] = f32(0.4 * next - 0.3 * x[(i * T + t) * F + 1]);
        }
      }
      return {
        optimizer: () => tf.train.adam(0.01), loss: 'meanSquaredError', batchSize: 5, epochs: 2,
        x: tf.tensor3d(x, [n, T, F]), y: tf.tensor3d(y, [n, T, 2]), updateRules: RULE_ADAM,
      };
    },
    cases: (m, tr) => standardCases(5713, [5, 2]),
  },
  {
    name: 'embedding_mask_zero_lstm_adam',
    rngSeed: 5721,
    description: 'Embedding(inputDim 12, outputDim 4, maskZero=true, inputLength 6) -> LSTM(5) -> Dense(1). Id 0 is padding: the '
      + 'embedding produces mask = (id != 0) and the LSTM keeps its previous state and output at masked steps. The training '
      + 'sequences have 2..6 real ids (1..11) padded with 0 before, after or in the middle (cycling pre, post, mid). Ids are int32. '
      + 'meanSquaredError, tf.train.adam(0.02), batchSize 6, 18 samples, 3 epochs, shuffle false; full training record. '
      + 'The cases include the same sequence pre-, post- and mid-padded, which tfjs maps to identical outputs.',
    layers: () => [
      tf.layers.embedding({ inputDim: 12, outputDim: 4, maskZero: true, inputLength: 6 }),
      tf.layers.lstm({ units: 5 }),
      tf.layers.dense({ units: 1 }),
    ],
    training() {
      const n = 18, T = 6;
      const rng = new DataRng(5722);
      const ids = new Int32Array(n * T);
      const y = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const len = 2 + Math.floor(rng.uniform(0, 5)); // 2..6 real ids
        const seq = [];
        for (let k = 0; k < len; k++) seq.push(1 + Math.floor(rng.uniform(0, 11)));
        const row = padSequence(seq, T, ['pre', 'post', 'mid'][i % 3]);
        ids.set(row, i * T);
        let s = 0;
        seq.forEach((v, k) => { s += (v - 6) * (k + 1); });
        y[i] = f32(0.5 * Math.tanh(s / 20) + 0.1 * len - 0.3);
      }
      return {
        optimizer: () => tf.train.adam(0.02), loss: 'meanSquaredError', batchSize: 6, epochs: 3,
        x: tf.tensor2d(ids, [n, T], 'int32'), y: tf.tensor2d(y, [n, 1]), updateRules: RULE_ADAM,
      };
    },
    cases: () => {
      const seq = [3, 11, 7, 1];
      const mk = (rows) => tf.tensor2d(rows.flat(), [rows.length, 6], 'int32');
      return [
        { name: 'no_padding', description: 'a full-length sequence', x: mk([[5, 2, 9, 9, 4, 10]]) },
        { name: 'pre_padded', description: 'ids 3 11 7 1 padded with zeros in front', x: mk([padSequence(seq, 6, 'pre')]) },
        { name: 'post_padded', description: 'the same ids padded at the end (same output as pre_padded)', x: mk([padSequence(seq, 6, 'post')]) },
        { name: 'mid_padded', description: 'the same ids with zeros in the middle (same output as pre_padded)', x: mk([padSequence(seq, 6, 'mid')]) },
        { name: 'batch3_mixed', description: 'pre-, post- and mid-padded rows in one batch', x: mk([padSequence([2, 4], 6, 'pre'), padSequence([8, 8, 1, 6, 5], 6, 'post'), padSequence([9, 3, 10], 6, 'mid')]) },
      ];
    },
  },
  // Convolution and normalisation fixtures (appended last so the earlier fixtures' random draws
  // and layer-name counters, hence their files, stay byte-identical).
  {
    name: 'conv1d_norm_forward',
    description: 'Conv1D(4, kernelSize 3, padding "valid", dilationRate 2, tanh, bias ~ U(-0.3,0.3), trainable false, inputShape [11,3]) -> '
      + 'Conv1D(5, kernelSize 4, padding "same", strides 2, relu) -> BatchNormalization() -> LayerNormalization() -> '
      + 'Conv1D(3, kernelSize 3, padding "valid", useBias false) -> GlobalAveragePooling1D() -> Dense(2). '
      + 'Steps 11 -> 7 (dilated valid: 11 - (3-1)*2) -> 4 (same, stride 2: total padding (4-1)*2+4-7 = 3, 1 on the left, 2 on the '
      + 'right) -> 4 -> 4 -> 2 -> pooled. The dilated convolution is the first layer and frozen because tfjs 4.22 has no gradient for '
      + 'dilated convolutions ("dilation rates greater than 1 are not yet supported in gradients"); its bias initialiser is random so '
      + 'its bias is non-zero. BatchNormalization on a rank-3 tensor normalises each channel over batch and steps; its moving '
      + 'statistics were updated by the pre-training fit (tfjs BatchNormalization.call with training=true), so inference uses '
      + 'non-trivial moving_mean / moving_variance. tfjs 4.22 rejects padding "causal" for Conv1D (NotImplementedError) and '
      + 'strides>1 together with dilationRate>1, so neither is used here. Forward only.',
    layers: () => [
      tf.layers.conv1d({
        filters: 4, kernelSize: 3, padding: 'valid', dilationRate: 2, activation: 'tanh', inputShape: [11, 3], trainable: false,
        biasInitializer: tf.initializers.randomUniform({ minval: -0.3, maxval: 0.3 }),
      }),
      tf.layers.conv1d({ filters: 5, kernelSize: 4, padding: 'same', strides: 2, activation: 'relu' }),
      tf.layers.batchNormalization(),
      tf.layers.layerNormalization(),
      tf.layers.conv1d({ filters: 3, kernelSize: 3, padding: 'valid', useBias: false }),
      tf.layers.globalAveragePooling1d(),
      tf.layers.dense({ units: 2 }),
    ],
    preFit: { seed: 5701, samples: 48, batchSize: 8, epochs: 4, loss: 'meanSquaredError', optimizer: () => tf.train.adam(0.02) },
    cases: () => standardCases(5702, [11, 3]),
  },
  {
    name: 'norm_dense_forward',
    description: 'Dense(6, inputShape [5]) -> LayerNormalization() -> BatchNormalization(momentum 0.7) -> Dense(3). '
      + 'epsilon 1e-3 (default) for both; the moving statistics come from the pre-training fit. Forward only.',
    layers: () => [
      tf.layers.dense({ units: 6, inputShape: [5] }),
      tf.layers.layerNormalization(),
      tf.layers.batchNormalization({ momentum: 0.7 }),
      tf.layers.dense({ units: 3 }),
    ],
    preFit: { seed: 5801, samples: 32, batchSize: 8, epochs: 3, loss: 'meanSquaredError', optimizer: () => tf.train.adam(0.02) },
    cases: () => standardCases(5802, [5]),
  },
  {
    name: 'conv1d_maxpool_adam',
    description: 'Conv1D(4, kernelSize 3, padding "same", tanh, inputShape [8,2]) -> GlobalMaxPooling1D() -> Dense(1). '
      + 'meanSquaredError, tf.train.adam(0.01), batchSize 5, 15 samples (3 full batches), 3 epochs, shuffle false; full training record.',
    layers: () => [
      tf.layers.conv1d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'tanh', inputShape: [8, 2] }),
      tf.layers.globalMaxPooling1d(),
      tf.layers.dense({ units: 1 }),
    ],
    training() {
      const n = 15, T = 8, F = 2;
      const x = seqData(5901, n, T, F);
      const y = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const b = i * T * F;
        let mx = -Infinity;
        for (let t = 0; t < T; t++) mx = Math.max(mx, x[b + 2 * t] - x[b + 2 * t + 1]);
        y[i] = f32(0.6 * mx - 0.2);
      }
      return {
        optimizer: () => tf.train.adam(0.01), loss: 'meanSquaredError', batchSize: 5, epochs: 3,
        x: tf.tensor3d(x, [n, T, F]), y: tf.tensor2d(y, [n, 1]), updateRules: RULE_ADAM,
      };
    },
    cases: (m, tr) => standardCases(5902, [8, 2]),
  },
  {
    name: 'batchnorm_sgd',
    description: 'Dense(4, inputShape [3]) -> BatchNormalization(momentum 0.9) -> Dense(1). meanSquaredError, tf.train.sgd(0.1), '
      + 'batchSize 6, 20 samples so the batches are 6,6,6,2, 3 epochs, shuffle false; full training record. tfjs fit runs '
      + 'BatchNormalization with training=true: batch statistics (biased variance from tf.moments) normalise the batch, the gradient '
      + 'flows through them, and the same call updates moving = moving - (moving - batchStat)*(1-momentum); the moving statistics '
      + 'are non-trainable weights and are part of every recorded weight list (order gamma, beta, moving_mean, moving_variance).',
    layers: () => [
      tf.layers.dense({ units: 4, inputShape: [3] }),
      tf.layers.batchNormalization({ momentum: 0.9 }),
      tf.layers.dense({ units: 1 }),
    ],
    training() {
      const n = 20;
      const x = new DataRng(6001).floats(n * 3, -1, 1);
      const y = new Float32Array(n);
      for (let i = 0; i < n; i++) y[i] = f32(Math.sin(2 * x[3 * i]) + 0.5 * x[3 * i + 1] * x[3 * i + 2]);
      return {
        optimizer: () => tf.train.sgd(0.1), loss: 'meanSquaredError', batchSize: 6, epochs: 3,
        x: tf.tensor2d(x, [n, 3]), y: tf.tensor2d(y, [n, 1]), updateRules: RULE_SGD,
      };
    },
    cases: (m, tr) => standardCases(6002, [3], [
      { name: 'train_last2', description: 'the last 2 training samples (the partial batch)', x: tr.x.slice([18, 0], [2, 3]) },
    ]),
  },
  // Recurrent-layer fixtures (issue 3). Appended after the older ones so their process-global layer-name counters,
  // and therefore their files, stay byte-identical.
  {
    name: 'gru_rmsprop',
    description: 'GRU(5, inputShape [4,3]) -> Dense(1): TF.js defaults (tanh, recurrentActivation hardSigmoid, resetAfter false, '
      + 'bias [3u], blocks z, r, h). meanSquaredError, tf.train.rmsprop(0.01) (decay 0.9, momentum 0, epsilon = backend 1e-7 inside '
      + 'the sqrt), batchSize 8, 28 samples so the batches are 8,8,8,4 (last batch partial), 3 epochs, shuffle false; full training record.',
    layers: () => [
      tf.layers.gru({ units: 5, inputShape: [4, 3] }),
      tf.layers.dense({ units: 1 }),
    ],
    training() {
      const n = 28, T = 4, F = 3;
      const x = seqData(5701, n, T, F);
      const y = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const b = i * T * F;
        y[i] = f32(0.6 * Math.tanh(x[b] - x[b + 4] + 0.5 * x[b + 8]) + 0.2 * x[b + 11]);
      }
      return {
        optimizer: () => tf.train.rmsprop(0.01), loss: 'meanSquaredError', batchSize: 8, epochs: 3,
        x: tf.tensor3d(x, [n, T, F]), y: tf.tensor2d(y, [n, 1]), updateRules: RULE_RMSPROP,
      };
    },
    cases: (m, tr) => standardCases(5702, [4, 3], [
      { name: 'train_last4', description: 'the last 4 training samples (the partial batch)', x: tr.x.slice([24, 0, 0], [4, 4, 3]) },
    ]),
  },
  {
    name: 'simple_rnn_sgd_sequences',
    description: 'SimpleRNN(6, returnSequences=true, inputShape [5,2]) -> LSTM(3, goBackwards=true) -> Dense(2): a SimpleRNN feeding '
      + 'its whole sequence into an LSTM that reads it last to first. meanSquaredError, tf.train.sgd(0.1), batchSize 10, 30 samples '
      + '(3 full batches), 4 epochs, shuffle false; full training record.',
    layers: () => [
      tf.layers.simpleRNN({ units: 6, returnSequences: true, inputShape: [5, 2] }),
      tf.layers.lstm({ units: 3, goBackwards: true }),
      tf.layers.dense({ units: 2 }),
    ],
    training() {
      const n = 30, T = 5, F = 2;
      const x = seqData(5801, n, T, F);
      const y = new Float32Array(n * 2);
      for (let i = 0; i < n; i++) {
        const b = i * T * F;
        y[2 * i] = f32(0.5 * Math.sin(x[b] + x[b + 9]));
        y[2 * i + 1] = f32(0.4 * x[b + 3] * x[b + 6] - 0.2);
      }
      return {
        optimizer: () => tf.train.sgd(0.1), loss: 'meanSquaredError', batchSize: 10, epochs: 4,
        x: tf.tensor3d(x, [n, T, F]), y: tf.tensor2d(y, [n, 2]), updateRules: RULE_SGD,
      };
    },
    cases: (m, tr) => standardCases(5802, [5, 2]),
  },
  {
    name: 'gru_sequences_backwards_forward',
    description: 'GRU(6, returnSequences=true, goBackwards=true, recurrentActivation "sigmoid", activation "tanh", inputShape [5,3]) -> '
      + 'SimpleRNN(4, goBackwards=true, activation "relu") -> Dense(2). The GRU returns its per-step outputs in PROCESSING order (not '
      + 're-reversed), which the SimpleRNN then reads last to first. Forward only (briefly pre-trained so the weights are non-trivial).',
    layers: () => [
      tf.layers.gru({
        units: 6, returnSequences: true, goBackwards: true, recurrentActivation: 'sigmoid', activation: 'tanh', inputShape: [5, 3],
      }),
      tf.layers.simpleRNN({ units: 4, goBackwards: true, activation: 'relu' }),
      tf.layers.dense({ units: 2 }),
    ],
    preFit: { seed: 5901, samples: 32, batchSize: 8, epochs: 3, loss: 'meanSquaredError', optimizer: () => tf.train.adam(0.02) },
    cases: () => standardCases(5902, [5, 3]),
  },
  {
    name: 'dense_adamax',
    description: 'Dense(6, tanh, inputShape [4]) -> Dense(2). meanSquaredError, tf.train.adamax(0.02, 0.9, 0.999) (epsilon 1e-7, '
      + 'decay 0), batchSize 8, 20 samples (batches 8,8,4), 3 epochs, shuffle false; full training record.',
    layers: () => [
      tf.layers.dense({ units: 6, activation: 'tanh', inputShape: [4] }),
      tf.layers.dense({ units: 2 }),
    ],
    training() {
      const d = denseRegressionData(5701, 20, 4, 2);
      return {
        optimizer: () => tf.train.adamax(0.02, 0.9, 0.999), loss: 'meanSquaredError', batchSize: 8, epochs: 3,
        x: d.x, y: d.y, updateRules: RULE_ADAMAX,
      };
    },
    cases: () => standardCases(5702, [4]),
  },
  {
    name: 'dense_adadelta',
    description: 'Dense(6, tanh, inputShape [4]) -> Dense(2). meanSquaredError, tf.train.adadelta(1, 0.95) (epsilon 1e-7; the '
      + 'learning rate tfjs-layers uses for "adadelta"), batchSize 8, 20 samples (batches 8,8,4), 3 epochs, shuffle false; full '
      + 'training record.',
    layers: () => [
      tf.layers.dense({ units: 6, activation: 'tanh', inputShape: [4] }),
      tf.layers.dense({ units: 2 }),
    ],
    training() {
      const d = denseRegressionData(5801, 20, 4, 2);
      return {
        optimizer: () => tf.train.adadelta(1, 0.95), loss: 'meanSquaredError', batchSize: 8, epochs: 3,
        x: d.x, y: d.y, updateRules: RULE_ADADELTA,
      };
    },
    cases: () => standardCases(5802, [4]),
  },
  {
    name: 'dense_l1l2_regularized',
    description: 'Dense(5, relu, inputShape [4], kernelRegularizer l2(0.05), biasRegularizer l1(0.02)) -> '
      + 'Dense(2, kernelRegularizer l1l2(0.01, 0.02)). meanSquaredError, tf.train.sgd(0.1), batchSize 8, 20 samples, 3 epochs, '
      + 'shuffle false; full training record. The reported losses include the regularization penalties.',
    layers: () => [
      tf.layers.dense({
        units: 5, activation: 'relu', inputShape: [4], biasInitializer: 'ones',
        kernelRegularizer: tf.regularizers.l2({ l2: 0.05 }), biasRegularizer: tf.regularizers.l1({ l1: 0.02 }),
      }),
      tf.layers.dense({ units: 2, kernelRegularizer: tf.regularizers.l1l2({ l1: 0.01, l2: 0.02 }) }),
    ],
    training() {
      const d = denseRegressionData(5901, 20, 4, 2);
      return {
        optimizer: () => tf.train.sgd(0.1), loss: 'meanSquaredError', batchSize: 8, epochs: 3,
        x: d.x, y: d.y, updateRules: RULE_SGD_L1L2,
      };
    },
    cases: () => standardCases(5902, [4]),
  },
  {
    name: 'sequence_layers_forward',
    rngSeed: 6101,
    description: 'Issue 18 layers, forward: Conv1D(6, kernelSize 2, same, inputShape [9,3]) -> MaxPooling1D(poolSize 3, strides 2, '
      + 'same) -> ReLU(maxValue 0.8) -> LeakyReLU(alpha 0.2) -> AveragePooling1D(poolSize 2, strides 1, same) -> '
      + 'PReLU(sharedAxes [1], alpha ~ U(-0.5,0.5)) -> ELU() -> ThresholdedReLU(theta 0.05) -> SpatialDropout1D(0.3) -> '
      + 'GaussianNoise(0.2) -> GaussianDropout(0.2) -> AlphaDropout(0.1) -> Permute([2,1]) -> MaxPooling1D(poolSize 2) -> '
      + 'Softmax(axis -1) -> AveragePooling1D(poolSize 3, strides 2, valid) -> Flatten -> Dense(3) -> Softmax() (tfjs default axis 1, '
      + 'the last axis of [batch, 3]; tfjs 4.22 throws for a softmax on a non-last axis of a rank-3 input). Steps 9 -> 5 (same, stride 2: total padding (5-1)*2+3-9 = 2, 1 left) -> 5 -> permuted [6,5] -> 3 '
      + '-> [1,5]. The noise layers are the identity at inference. No pre-training fit: tfjs 4.22 has no gradient for ThresholdedReLU '
      + '("gradient function not found for Greater"); the initial weights (PReLU alpha random) are used. Forward only.',
    layers: () => [
      tf.layers.conv1d({ filters: 6, kernelSize: 2, padding: 'same', inputShape: [9, 3] }),
      tf.layers.maxPooling1d({ poolSize: 3, strides: 2, padding: 'same' }),
      tf.layers.reLU({ maxValue: 0.8 }),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.averagePooling1d({ poolSize: 2, strides: 1, padding: 'same' }),
      tf.layers.prelu({ sharedAxes: [1], alphaInitializer: tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5 }) }),
      tf.layers.elu(),
      tf.layers.thresholdedReLU({ theta: 0.05 }),
      tf.layers.spatialDropout1d({ rate: 0.3 }),
      tf.layers.gaussianNoise({ stddev: 0.2 }),
      tf.layers.gaussianDropout({ rate: 0.2 }),
      tf.layers.alphaDropout({ rate: 0.1 }),
      tf.layers.permute({ dims: [2, 1] }),
      tf.layers.maxPooling1d({ poolSize: 2 }),
      tf.layers.softmax({ axis: -1 }),
      tf.layers.averagePooling1d({ poolSize: 3, strides: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3 }),
      tf.layers.softmax(),
    ],
    cases: () => standardCases(6103, [9, 3]),
  },
  {
    name: 'conv_pool_prelu_adam',
    rngSeed: 6111,
    description: 'Issue 18 layers, training: Conv1D(4, kernelSize 3, same, inputShape [8,2]) -> MaxPooling1D(poolSize 2) -> '
      + 'PReLU(alpha ~ U(0,0.3)) -> AveragePooling1D(poolSize 2, strides 1, valid) -> Permute([2,1]) -> LeakyReLU(alpha 0.1) -> '
      + 'ReLU(maxValue 1.5) -> Flatten -> Dense(1). meanSquaredError, tf.train.adam(0.01), batchSize 5, 15 samples (3 full '
      + 'batches), 3 epochs, shuffle false; full training record (PReLU alpha is trained). The average pooling is valid: the '
      + 'tfjs-backend-cpu 4.22 AvgPoolGrad scales every window by 1/poolSize, also the edge windows of same padding whose '
      + 'forward divides by the real steps, so tfjs trains same-padded average pooling with a gradient inconsistent with its '
      + 'own forward pass (TensorFlow divides by the real count in both); Engram follows the forward.',
    layers: () => [
      tf.layers.conv1d({ filters: 4, kernelSize: 3, padding: 'same', inputShape: [8, 2] }),
      tf.layers.maxPooling1d({ poolSize: 2 }),
      tf.layers.prelu({ alphaInitializer: tf.initializers.randomUniform({ minval: 0, maxval: 0.3 }) }),
      tf.layers.averagePooling1d({ poolSize: 2, strides: 1 }),
      tf.layers.permute({ dims: [2, 1] }),
      tf.layers.leakyReLU({ alpha: 0.1 }),
      tf.layers.reLU({ maxValue: 1.5 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 1 }),
    ],
    training() {
      const n = 15, T = 8, F = 2;
      const x = seqData(6112, n, T, F);
      const y = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const b = i * T * F;
        let acc = 0;
        for (let t = 0; t < T; t++) acc += Math.max(x[b + 2 * t], 0) - 0.5 * x[b + 2 * t + 1];
        y[i] = f32(0.3 * acc - 0.1);
      }
      return {
        optimizer: () => tf.train.adam(0.01), loss: 'meanSquaredError', batchSize: 5, epochs: 3,
        x: tf.tensor3d(x, [n, T, F]), y: tf.tensor2d(y, [n, 1]), updateRules: RULE_ADAM,
      };
    },
    cases: () => standardCases(6113, [8, 2]),
  },
  {
    name: 'conv2d_forward',
    rngSeed: 6201,
    description: 'Issue 18 Conv2D, forward: Conv2D(4, kernelSize [3,2], strides [2,1], same, relu, bias ~ U(-0.3,0.3), '
      + 'inputShape [9,8,2]) -> Conv2D(3, kernelSize 3, dilationRate [1,2], valid, tanh, useBias false) -> '
      + 'Conv2D(2, kernelSize 2, same, dataFormat channelsFirst, bias ~ U(-0.3,0.3)) -> Flatten -> Dense(3). Shapes: [9,8,2] -> '
      + '[5,8,4] (same, stride 2 rows: total row padding (5-1)*2+3-9 = 2, 1 on top; columns (8-1)*1+2-8 = 1, 0 left) -> '
      + '[3,4,3] (valid, effective kernel 3x5) -> read as channels-first [3 channels, 4, 3] -> [2,4,3]. Forward only, initial '
      + 'weights (tfjs glorotNormal kernels).',
    layers() {
      const bias = () => tf.initializers.randomUniform({ minval: -0.3, maxval: 0.3 });
      return [
        tf.layers.conv2d({ filters: 4, kernelSize: [3, 2], strides: [2, 1], padding: 'same', activation: 'relu',
          biasInitializer: bias(), inputShape: [9, 8, 2] }),
        tf.layers.conv2d({ filters: 3, kernelSize: 3, dilationRate: [1, 2], activation: 'tanh', useBias: false }),
        tf.layers.conv2d({ filters: 2, kernelSize: 2, padding: 'same', dataFormat: 'channelsFirst',
          biasInitializer: bias() }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3 }),
      ];
    },
    cases: () => standardCases(6203, [9, 8, 2]),
  },
  {
    name: 'conv2d_adam',
    rngSeed: 6211,
    description: 'Issue 18 Conv2D, training: Conv2D(3, kernelSize 3, relu, bias ~ U(-0.2,0.2), inputShape [6,6,1]) -> '
      + 'Conv2D(2, kernelSize 2, strides 2, same, tanh) -> Flatten -> Dense(1). meanSquaredError, tf.train.adam(0.01), '
      + 'batchSize 5, 15 samples (3 full batches), 3 epochs, shuffle false; full training record.',
    layers: () => [
      tf.layers.conv2d({ filters: 3, kernelSize: 3, activation: 'relu',
        biasInitializer: tf.initializers.randomUniform({ minval: -0.2, maxval: 0.2 }), inputShape: [6, 6, 1] }),
      tf.layers.conv2d({ filters: 2, kernelSize: 2, strides: 2, padding: 'same', activation: 'tanh' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 1 }),
    ],
    training() {
      const n = 15, H = 6, W = 6;
      const x = seqData(6212, n, H, W);
      const y = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        let acc = 0;
        for (let r = 0; r < H; r++) {
          for (let c = 0; c < W; c++) acc += x[(i * H + r) * W + c] * Math.sin(0.7 * r - 0.4 * c + 0.2);
        }
        y[i] = f32(0.25 * acc + 0.1);
      }
      return {
        optimizer: () => tf.train.adam(0.01), loss: 'meanSquaredError', batchSize: 5, epochs: 3,
        x: tf.tensor4d(x, [n, H, W, 1]), y: tf.tensor2d(y, [n, 1]), updateRules: RULE_ADAM,
      };
    },
    cases: () => standardCases(6213, [6, 6, 1]),
  },
  {
    name: 'spatial_layers_forward',
    rngSeed: 6201,
    description: 'Issue 18 image layers, forward: ZeroPadding2D(padding [[1,0],[2,1]], inputShape [9,8,3]) -> [10,11,3] -> '
      + 'MaxPooling2D(poolSize [3,2], strides [2,1], same) -> [5,11,3] (rows: total padding (5-1)*2+3-10 = 1, 0 before) -> '
      + 'AveragePooling2D(poolSize [2,3], strides [1,2], same) -> [5,6,3] (the edge windows average only their real cells) -> '
      + 'Cropping2D([[1,0],[0,1]]) -> [4,5,3] -> UpSampling2D(size [2,1]) -> [8,5,3] -> MaxPooling2D(poolSize 2, strides 1, '
      + 'dataFormat channelsFirst: [C=8, H=5, W=3]) -> [8,4,2] -> AveragePooling2D(poolSize 2, same, channelsFirst) -> [8,2,1] -> '
      + 'Flatten -> Dense(3). Forward only (initial weights).',
    layers: () => [
      tf.layers.zeroPadding2d({ padding: [[1, 0], [2, 1]], inputShape: [9, 8, 3] }),
      tf.layers.maxPooling2d({ poolSize: [3, 2], strides: [2, 1], padding: 'same' }),
      tf.layers.averagePooling2d({ poolSize: [2, 3], strides: [1, 2], padding: 'same' }),
      tf.layers.cropping2D({ cropping: [[1, 0], [0, 1]] }),
      tf.layers.upSampling2d({ size: [2, 1] }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 1, dataFormat: 'channelsFirst' }),
      tf.layers.averagePooling2d({ poolSize: 2, padding: 'same', dataFormat: 'channelsFirst' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3 }),
    ],
    cases: () => standardCases(6203, [9, 8, 3]),
  },
  {
    name: 'global_pooling2d_forward',
    rngSeed: 6211,
    description: 'Issue 18 image layers, forward: Dense(4, tanh, inputShape [6,5,3]) applied to every pixel -> AveragePooling2D(poolSize 2) '
      + '-> [3,2,4] -> GlobalAveragePooling2D(dataFormat channelsFirst: [C=3, H=2, W=4]) -> [3] -> Dense(2). Forward only.',
    layers: () => [
      tf.layers.dense({ units: 4, activation: 'tanh', inputShape: [6, 5, 3] }),
      tf.layers.averagePooling2d({ poolSize: 2 }),
      tf.layers.globalAveragePooling2d({ dataFormat: 'channelsFirst' }),
      tf.layers.dense({ units: 2 }),
    ],
    cases: () => standardCases(6213, [6, 5, 3]),
  },
  {
    name: 'volume_pooling_forward',
    rngSeed: 6231,
    description: 'Issue 18 volume layers, forward: MaxPooling3D(poolSize [2,2,1], strides [1,2,2], same, inputShape [4,6,5,2]) -> '
      + '[4,3,3,2] -> AveragePooling3D(poolSize 2, same) -> [2,2,2,2] (edge windows average their real cells) -> Flatten -> Dense(2). '
      + 'Forward only.',
    layers: () => [
      tf.layers.maxPooling3d({ poolSize: [2, 2, 1], strides: [1, 2, 2], padding: 'same', inputShape: [4, 6, 5, 2] }),
      tf.layers.averagePooling3d({ poolSize: 2, padding: 'same' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 2 }),
    ],
    cases: () => standardCases(6233, [4, 6, 5, 2]),
  },
  {
    name: 'spatial_pool_adam',
    rngSeed: 6221,
    description: 'Issue 18 image layers, training: Dense(3, tanh, inputShape [6,6,2]) on every pixel -> ZeroPadding2D(1) -> [8,8,3] -> '
      + 'MaxPooling2D(poolSize 3, strides 3, same: 1 padded row and column after) -> [3,3,3] -> Cropping2D([[1,0],[0,0]]) -> [2,3,3] -> '
      + 'AveragePooling2D(poolSize 2, strides 1) -> [1,2,3] -> GlobalMaxPooling2D -> [3] -> Dense(1). meanSquaredError, '
      + 'tf.train.adam(0.01), batchSize 5, 15 samples (3 full batches), 3 epochs, shuffle false; full training record. '
      + 'UpSampling2D is left out of training: the tfjs-backend-cpu 4.22 ResizeNearestNeighborGrad is wrong for a batch of more '
      + 'than one sample (its batched gradient differs from the per-sample gradients; checked in Node), so tfjs trains it with a '
      + 'gradient inconsistent with its own forward pass; Engram follows the forward. Max windows that do not overlap keep exact '
      + 'ties out of the maxima (at a tie tfjs gives the whole gradient to every tied cell of tf.max, TensorFlow splits it, Engram '
      + 'gives it to the first). The average pooling is valid (tfjs-backend-cpu 4.22 AvgPoolGrad scales every window by '
      + '1/poolSize, also the edge windows of same padding whose forward divides by the real cells).',
    layers: () => [
      tf.layers.dense({ units: 3, activation: 'tanh', inputShape: [6, 6, 2] }),
      tf.layers.zeroPadding2d({ padding: 1 }),
      tf.layers.maxPooling2d({ poolSize: 3, strides: 3, padding: 'same' }),
      tf.layers.cropping2D({ cropping: [[1, 0], [0, 0]] }),
      tf.layers.averagePooling2d({ poolSize: 2, strides: 1 }),
      tf.layers.globalMaxPooling2d({}),
      tf.layers.dense({ units: 1 }),
    ],
    training() {
      const n = 15, H = 6, W = 6, C = 2;
      const x = seqData(6222, n, H * W, C);
      const y = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        let acc = 0;
        for (let p = 0; p < H * W; p++) acc += Math.max(x[(i * H * W + p) * C], 0) * (p % W < 3 ? 1 : -0.5) + 0.2 * x[(i * H * W + p) * C + 1];
        y[i] = f32(0.1 * acc);
      }
      return {
        optimizer: () => tf.train.adam(0.01), loss: 'meanSquaredError', batchSize: 5, epochs: 3,
        x: tf.tensor4d(x, [n, H, W, C]), y: tf.tensor2d(y, [n, 1]), updateRules: RULE_ADAM,
      };
    },
    cases: () => standardCases(6223, [6, 6, 2]),
  },
  {
    name: 'mnist_convnet_adam',
    rngSeed: 6301,
    description: 'The canonical TF.js MNIST convnet (tfjs-examples/mnist and the "Handwritten digit recognition with CNNs" '
      + 'tutorial): Conv2D(8, kernelSize 5, strides 1, relu, kernelInitializer varianceScaling, inputShape [28,28,1]) -> '
      + 'MaxPooling2D(poolSize [2,2], strides [2,2]) -> Conv2D(16, kernelSize 5, strides 1, relu, varianceScaling) -> '
      + 'MaxPooling2D([2,2], [2,2]) -> Flatten -> Dense(10, softmax, varianceScaling); tf.train.adam() (lr 0.001), '
      + 'categoricalCrossentropy. Data: 24 synthetic 28x28 "digits" made by mnistData (class k = i mod 10: a blurred ring and '
      + 'a bar whose position and angle depend on k, plus uniform noise, clipped to [0,1]), one-hot labels; batchSize 8, '
      + '2 epochs, shuffle false: 6 steps, the weights recorded after every step (weightsAfterEachStep).',
    layers: () => [
      tf.layers.conv2d({ inputShape: [28, 28, 1], kernelSize: 5, filters: 8, strides: 1, activation: 'relu',
        kernelInitializer: 'varianceScaling' }),
      tf.layers.maxPooling2d({ poolSize: [2, 2], strides: [2, 2] }),
      tf.layers.conv2d({ kernelSize: 5, filters: 16, strides: 1, activation: 'relu', kernelInitializer: 'varianceScaling' }),
      tf.layers.maxPooling2d({ poolSize: [2, 2], strides: [2, 2] }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 10, kernelInitializer: 'varianceScaling', activation: 'softmax' }),
    ],
    training() {
      const d = mnistData(6302, 24);
      return {
        optimizer: () => tf.train.adam(), loss: 'categoricalCrossentropy', batchSize: 8, epochs: 2, recordSteps: true,
        tolerance: { rtol: 1e-4, atol: 1e-4, note: 'Adam moves each weight by about lr*g/(|g|+eps) on the first steps: for the '
          + 'Dense weights fed by mostly-dead ReLU cells |g| is near eps (1e-7), where the order of the convolution and GEMM sums '
          + 'changes the step by a few percent of lr (1e-3); atol 1e-4 is a tenth of one step' },
        x: d.x, y: d.y, updateRules: RULE_ADAM + ' Loss categoricalCrossentropy: p clipped to [1e-7, 1-1e-7], per-sample '
          + '-sum(y*log p), batch loss = mean over the batch.',
      };
    },
    cases: (m, tr) => [
      { name: 'train_first3', description: 'the first 3 training images', x: tr.x.slice([0, 0, 0, 0], [3, 28, 28, 1]) },
      { name: 'zeros', description: 'batch of 1, all zeros', x: tf.zeros([1, 28, 28, 1]) },
    ],
  },
  // Issue 18: the generic RNN layer over stacked cells (tf.layers.rnn with a list of cells).
  {
    name: 'rnn_stacked_cells_adam',
    rngSeed: 6201,
    description: 'RNN over stacked cells, the TF.js low-level RNN API: tf.layers.rnn({cell: [lstmCell(8), lstmCell(4)], '
      + 'inputShape [5,3]}) -> Dense(1). Default cell options (tanh, recurrentActivation hardSigmoid). The cells are wrapped in a '
      + 'StackedRNNCells; at each step cell 2 reads cell 1\'s new h. Weights are named rnn_RNN1/RNNCell_0/kernel ... '
      + 'meanSquaredError, tf.train.adam(0.02), batchSize 6, 20 samples so the batches are 6,6,6,2, 3 epochs, shuffle false; full '
      + 'training record.',
    layers: () => [
      tf.layers.rnn({ cell: [tf.layers.lstmCell({ units: 8 }), tf.layers.lstmCell({ units: 4 })], inputShape: [5, 3] }),
      tf.layers.dense({ units: 1 }),
    ],
    training() {
      const n = 20, T = 5, F = 3;
      const x = seqData(6202, n, T, F);
      const y = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const b = i * T * F;
        let s = 0;
        for (let t = 0; t < T; t++) s += x[b + t * F] * (t + 1) / T - 0.4 * x[b + t * F + 2];
        y[i] = f32(0.6 * Math.tanh(s) + 0.2 * x[b + 1]);
      }
      return {
        optimizer: () => tf.train.adam(0.02), loss: 'meanSquaredError', batchSize: 6, epochs: 3,
        x: tf.tensor3d(x, [n, T, F]), y: tf.tensor2d(y, [n, 1]), updateRules: RULE_ADAM,
      };
    },
    cases: (m, tr) => standardCases(6203, [5, 3], [
      { name: 'train_last2', description: 'the last 2 training samples (the partial batch)', x: tr.x.slice([18, 0, 0], [2, 5, 3]) },
    ]),
  },
  {
    name: 'rnn_cells_backwards_sgd',
    rngSeed: 6211,
    description: 'tf.layers.rnn({cell: [gruCell(5), simpleRNNCell(3, relu), lstmCell(4, recurrentActivation sigmoid)], '
      + 'returnSequences, goBackwards, inputShape [4,2]}) -> tf.layers.rnn({cell: lstmCell(3)}) (a single cell, not stacked: weights '
      + 'named <layer>/kernel) -> Dense(2). The first RNN reads the sequence last to first and returns its outputs in that order. '
      + 'meanSquaredError, tf.train.sgd(0.1), batchSize 5, 15 samples, 3 epochs, shuffle false; full training record.',
    layers: () => [
      tf.layers.rnn({
        cell: [tf.layers.gruCell({ units: 5 }), tf.layers.simpleRNNCell({ units: 3, activation: 'relu' }),
          tf.layers.lstmCell({ units: 4, recurrentActivation: 'sigmoid' })],
        returnSequences: true, goBackwards: true, inputShape: [4, 2],
      }),
      tf.layers.rnn({ cell: tf.layers.lstmCell({ units: 3 }) }),
      tf.layers.dense({ units: 2 }),
    ],
    training() {
      const n = 15, T = 4, F = 2;
      const x = seqData(6212, n, T, F);
      const y = new Float32Array(n * 2);
      for (let i = 0; i < n; i++) {
        const b = i * T * F;
        y[i * 2] = f32(0.5 * Math.sin(x[b] + 2 * x[b + (T - 1) * F + 1]));
        y[i * 2 + 1] = f32(0.4 * x[b + 3] - 0.2);
      }
      return {
        optimizer: () => tf.train.sgd(0.1), loss: 'meanSquaredError', batchSize: 5, epochs: 3,
        x: tf.tensor3d(x, [n, T, F]), y: tf.tensor2d(y, [n, 2]), updateRules: RULE_SGD,
      };
    },
    cases: () => standardCases(6213, [4, 2]),
  },
  {
    name: 'embedding_mask_rnn_stacked_adam',
    rngSeed: 6221,
    description: 'Embedding(inputDim 10, outputDim 3, maskZero, inputLength 5) -> tf.layers.rnn({cell: [lstmCell(4), gruCell(3)]}) '
      + '-> Dense(1). Id 0 is padding: at a masked step tfjs\'s rnn() keeps every cell\'s state and repeats the stacked output. '
      + 'meanSquaredError, tf.train.adam(0.02), batchSize 4, 12 samples, 2 epochs, shuffle false; full training record.',
    layers: () => [
      tf.layers.embedding({ inputDim: 10, outputDim: 3, maskZero: true, inputLength: 5 }),
      tf.layers.rnn({ cell: [tf.layers.lstmCell({ units: 4 }), tf.layers.gruCell({ units: 3 })] }),
      tf.layers.dense({ units: 1 }),
    ],
    training() {
      const n = 12, T = 5;
      const rng = new DataRng(6222);
      const ids = new Int32Array(n * T);
      const y = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const len = 2 + Math.floor(rng.uniform(0, 4)); // 2..5 real ids
        const seq = [];
        for (let k = 0; k < len; k++) seq.push(1 + Math.floor(rng.uniform(0, 9)));
        ids.set(padSequence(seq, T, ['pre', 'post', 'mid'][i % 3]), i * T);
        let s = 0;
        seq.forEach((v, k) => { s += (v - 5) * (k + 1); });
        y[i] = f32(0.5 * Math.tanh(s / 15) + 0.1 * len - 0.3);
      }
      return {
        optimizer: () => tf.train.adam(0.02), loss: 'meanSquaredError', batchSize: 4, epochs: 2,
        x: tf.tensor2d(ids, [n, T], 'int32'), y: tf.tensor2d(y, [n, 1]), updateRules: RULE_ADAM,
      };
    },
    cases: () => {
      const mk = (rows) => tf.tensor2d(rows.flat(), [rows.length, 5], 'int32');
      return [
        { name: 'no_padding', description: 'a full-length sequence', x: mk([[5, 2, 9, 1, 4]]) },
        { name: 'pre_padded', description: 'ids 3 8 1 padded in front', x: mk([padSequence([3, 8, 1], 5, 'pre')]) },
        { name: 'mid_padded', description: 'the same ids with zeros in the middle (same output as pre_padded)', x: mk([padSequence([3, 8, 1], 5, 'mid')]) },
        { name: 'batch3_mixed', description: 'pre-, post- and mid-padded rows', x: mk([padSequence([2, 4], 5, 'pre'), padSequence([8, 7, 1, 6], 5, 'post'), padSequence([9, 3, 2], 5, 'mid')]) },
      ];
    },
  },
  {
    name: 'conv_lstm2d_adam',
    rngSeed: 6231,
    description: 'tf.layers.convLstm2d({filters 3, kernelSize [3,2], strides [2,1], padding same, returnSequences, inputShape '
      + '[3,6,5,2]}) -> convLstm2d({filters 2, kernelSize 2, goBackwards}) -> Flatten -> Dense(1). Default options (tanh, '
      + 'hardSigmoid gates). meanSquaredError, tf.train.adam(0.01), batchSize 4, 12 samples, 2 epochs, shuffle false; full '
      + 'training record.',
    layers: () => [
      tf.layers.convLstm2d({ filters: 3, kernelSize: [3, 2], strides: [2, 1], padding: 'same', returnSequences: true,
        inputShape: [3, 6, 5, 2] }),
      tf.layers.convLstm2d({ filters: 2, kernelSize: 2, goBackwards: true }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 1 }),
    ],
    training() {
      const n = 12, T = 3, H = 6, W = 5, C = 2;
      const x = seqData(6232, n, T, H * W * C);
      const y = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k < T * H * W * C; k += 7) s += x[i * T * H * W * C + k];
        y[i] = f32(0.5 * Math.tanh(s / 4));
      }
      return {
        optimizer: () => tf.train.adam(0.01), loss: 'meanSquaredError', batchSize: 4, epochs: 2,
        x: tf.tensor5d(x, [n, T, H, W, C]), y: tf.tensor2d(y, [n, 1]), updateRules: RULE_ADAM,
      };
    },
    cases: () => standardCases(6233, [3, 6, 5, 2]),
  },
  {
    name: 'conv_lstm2d_dilated_forward',
    rngSeed: 6241,
    description: 'tf.layers.convLstm2d({filters 2, kernelSize [2,3], dilationRate [2,1], recurrentActivation sigmoid, '
      + 'unitForgetBias, returnSequences, inputShape [4,5,6,1]}) -> Flatten -> Dense(2). Forward only (tfjs has no gradient for '
      + 'dilated convolutions): the weights are the initializers\' draws.',
    layers: () => [
      tf.layers.convLstm2d({ filters: 2, kernelSize: [2, 3], dilationRate: [2, 1], recurrentActivation: 'sigmoid',
        unitForgetBias: true, returnSequences: true, inputShape: [4, 5, 6, 1] }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 2 }),
    ],
    cases: () => standardCases(6242, [4, 5, 6, 1]),
  },
  {
    name: 'conv2d_transpose_forward',
    rngSeed: 6221,
    description: 'Issue 18 Conv2DTranspose, forward: Conv2DTranspose(3, kernelSize [3,2], strides [2,1], same, relu, '
      + 'bias ~ U(-0.3,0.3), inputShape [4,5,2]) -> Conv2DTranspose(2, kernelSize 3, strides 2, valid, tanh, useBias false) '
      + '-> Conv2DTranspose(2, kernelSize 2, strides 3, valid, dataFormat channelsFirst, bias ~ U(-0.3,0.3)) -> Flatten -> '
      + 'Dense(2). Shapes (tfjs deconvLength: same in*s, valid in*s + max(k - s, 0)): [4,5,2] -> [8,5,3] -> [17,11,2] -> '
      + 'read as channels-first [17 channels, 11, 2] -> [2,33,6] (stride 3 > kernel 2: every third row and column is '
      + 'bias only). Forward only, initial weights.',
    layers() {
      const bias = () => tf.initializers.randomUniform({ minval: -0.3, maxval: 0.3 });
      return [
        tf.layers.conv2dTranspose({ filters: 3, kernelSize: [3, 2], strides: [2, 1], padding: 'same', activation: 'relu',
          biasInitializer: bias(), inputShape: [4, 5, 2] }),
        tf.layers.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, activation: 'tanh', useBias: false }),
        tf.layers.conv2dTranspose({ filters: 2, kernelSize: 2, strides: 3, dataFormat: 'channelsFirst',
          biasInitializer: bias() }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2 }),
      ];
    },
    cases: () => standardCases(6223, [4, 5, 2]),
  },
  {
    name: 'depthwise_conv2d_forward',
    rngSeed: 6231,
    description: 'Issue 18 DepthwiseConv2D, forward: DepthwiseConv2D(kernelSize [3,2], depthMultiplier 2, strides [2,1], '
      + 'same, relu, bias ~ U(-0.3,0.3), inputShape [7,6,3]) -> DepthwiseConv2D(kernelSize 3, valid, tanh, useBias false, '
      + 'dataFormat channelsFirst) -> Flatten -> Dense(2). Shapes: [7,6,3] -> [4,6,6] -> read as channels-first [4 '
      + 'channels, 6, 6] -> [4,4,4]. Forward only, initial weights.',
    layers: () => [
      tf.layers.depthwiseConv2d({ kernelSize: [3, 2], depthMultiplier: 2, strides: [2, 1], padding: 'same',
        activation: 'relu', biasInitializer: tf.initializers.randomUniform({ minval: -0.3, maxval: 0.3 }),
        inputShape: [7, 6, 3] }),
      tf.layers.depthwiseConv2d({ kernelSize: 3, activation: 'tanh', useBias: false, dataFormat: 'channelsFirst' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 2 }),
    ],
    cases: () => standardCases(6233, [7, 6, 3]),
  },
  {
    name: 'separable_conv2d_forward',
    rngSeed: 6241,
    description: 'Issue 18 SeparableConv2D, forward: SeparableConv2D(4, kernelSize [3,2], strides [2,1], '
      + 'same, relu, bias ~ U(-0.3,0.3), inputShape [9,8,3]) -> SeparableConv2D(3, kernelSize 3, dilationRate 2, valid, '
      + 'tanh, useBias false) -> SeparableConv2D(2, kernelSize 2, same, dataFormat channelsFirst, useBias false: tfjs 4.22 '
      + 'adds a channels-first bias to its channels-last intermediate, which fails or adds along the wrong axis) -> '
      + 'Flatten -> Dense(2). Shapes: [9,8,3] -> [5,8,4] -> (dilation 2: effective kernel 5x5) [1,4,3] -> read as '
      + 'channels-first [1 channel, 4, 3] -> [2,4,3]. depthMultiplier stays 1: tfjs 4.22 does not save it, so a '
      + 'model with another one does not reload in tfjs (the self-check). Forward only, initial weights.',
    layers() {
      const bias = () => tf.initializers.randomUniform({ minval: -0.3, maxval: 0.3 });
      return [
        tf.layers.separableConv2d({ filters: 4, kernelSize: [3, 2], strides: [2, 1], padding: 'same',
          activation: 'relu', biasInitializer: bias(), inputShape: [9, 8, 3] }),
        tf.layers.separableConv2d({ filters: 3, kernelSize: 3, dilationRate: 2, activation: 'tanh', useBias: false }),
        tf.layers.separableConv2d({ filters: 2, kernelSize: 2, padding: 'same', dataFormat: 'channelsFirst',
          useBias: false }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2 }),
      ];
    },
    cases: () => standardCases(6243, [9, 8, 3]),
  },
  {
    name: 'conv3d_forward',
    rngSeed: 6301,
    description: 'Issue 18 Conv3D, forward: Conv3D(3, kernelSize [2,3,2], strides [2,1,1], same, relu, bias ~ U(-0.3,0.3), '
      + 'inputShape [5,6,4,2]) -> Conv3D(3, kernelSize 2, dilationRate [1,2,1], valid, tanh, useBias false) -> '
      + 'Conv3D(2, kernelSize 2, same, dataFormat channelsFirst, bias ~ U(-0.3,0.3)) -> Flatten -> Dense(3). Shapes: '
      + '[5,6,4,2] -> [3,6,4,3] (same, stride 2 planes: total plane padding (3-1)*2+2-5 = 1, 0 in front; rows (6-1)+3-6 = 2, '
      + '1 on top; columns 1, 0 left) -> [2,4,3,3] (valid, effective kernel 2x3x2) -> read as channels-first [2 channels, '
      + '4, 3, 3] -> [2,4,3,3]. Forward only, initial weights (tfjs glorotNormal kernels).',
    layers() {
      const bias = () => tf.initializers.randomUniform({ minval: -0.3, maxval: 0.3 });
      return [
        tf.layers.conv3d({ filters: 3, kernelSize: [2, 3, 2], strides: [2, 1, 1], padding: 'same', activation: 'relu',
          biasInitializer: bias(), inputShape: [5, 6, 4, 2] }),
        tf.layers.conv3d({ filters: 3, kernelSize: 2, dilationRate: [1, 2, 1], activation: 'tanh', useBias: false }),
        tf.layers.conv3d({ filters: 2, kernelSize: 2, padding: 'same', dataFormat: 'channelsFirst',
          biasInitializer: bias() }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3 }),
      ];
    },
    cases: () => standardCases(6303, [5, 6, 4, 2]),
  },
  {
    name: 'depthwise_conv2d_adam',
    rngSeed: 6251,
    description: 'Issue 18 DepthwiseConv2D, training: DepthwiseConv2D(kernelSize [3,2], depthMultiplier 2, strides [2,1], '
      + 'same, relu, bias ~ U(-0.2,0.2), inputShape [6,5,2]) -> DepthwiseConv2D(kernelSize 2, tanh, dataFormat '
      + 'channelsFirst: [C=3, 5, 4]) -> Flatten -> Dense(1). Shapes: [6,5,2] -> [3,5,4] -> [3,4,3]. No dilation (tfjs 4.22 '
      + 'ignores it in this layer). meanSquaredError, tf.train.adam(0.01), batchSize 5, 15 samples (3 full batches), '
      + '3 epochs, shuffle false; full training record.',
    layers: () => [
      tf.layers.depthwiseConv2d({ kernelSize: [3, 2], depthMultiplier: 2, strides: [2, 1], padding: 'same',
        activation: 'relu', biasInitializer: tf.initializers.randomUniform({ minval: -0.2, maxval: 0.2 }),
        inputShape: [6, 5, 2] }),
      tf.layers.depthwiseConv2d({ kernelSize: 2, activation: 'tanh', dataFormat: 'channelsFirst',
        biasInitializer: tf.initializers.randomUniform({ minval: -0.2, maxval: 0.2 }) }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 1 }),
    ],
    training: () => imageRegression(6252, 15, [6, 5, 2], () => tf.train.adam(0.01)),
    cases: () => standardCases(6253, [6, 5, 2]),
  },
  {
    name: 'separable_conv2d_adam',
    rngSeed: 6261,
    description: 'Issue 18 SeparableConv2D, training: SeparableConv2D(3, kernelSize [3,2], strides [2,1], same, relu, '
      + 'bias ~ U(-0.2,0.2), inputShape [7,6,2]) -> SeparableConv2D(2, kernelSize [2,3], valid, tanh, '
      + 'bias ~ U(-0.2,0.2)) -> Flatten -> Dense(1). Shapes: [7,6,2] -> [4,6,3] -> [3,4,2]. depthMultiplier 1, '
      + 'channels-last and no dilation (tfjs 4.22 drops depthMultiplier from the file, adds a channels-first bias along '
      + 'the wrong axis and has no depthwise gradient with dilation). meanSquaredError, tf.train.adam(0.01), batchSize 5, 15 samples, 3 epochs, shuffle false; '
      + 'full training record.',
    layers() {
      const bias = () => tf.initializers.randomUniform({ minval: -0.2, maxval: 0.2 });
      return [
        tf.layers.separableConv2d({ filters: 3, kernelSize: [3, 2], strides: [2, 1], padding: 'same', activation: 'relu',
          biasInitializer: bias(), inputShape: [7, 6, 2] }),
        tf.layers.separableConv2d({ filters: 2, kernelSize: [2, 3], activation: 'tanh', biasInitializer: bias() }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 1 }),
      ];
    },
    training: () => imageRegression(6262, 15, [7, 6, 2], () => tf.train.adam(0.01)),
    cases: () => standardCases(6263, [7, 6, 2]),
  },
  {
    name: 'conv3d_adam',
    rngSeed: 6311,
    description: 'Issue 18 Conv3D, training: Conv3D(3, kernelSize [2,3,2], strides [1,2,1], same, relu, bias ~ '
      + 'U(-0.2,0.2), inputShape [4,5,4,2]) -> Conv3D(2, kernelSize 2, tanh, dataFormat channelsFirst: [C=4, 3, 4, 3]) -> '
      + 'Flatten -> Dense(1). Shapes: [4,5,4,2] -> [4,3,4,3] -> [2,2,3,2]. No dilation (tfjs 4.22 has no Conv3D filter '
      + 'gradient for it). meanSquaredError, tf.train.adam(0.01), batchSize 5, 15 samples, 3 epochs, shuffle false; full '
      + 'training record.',
    layers() {
      const bias = () => tf.initializers.randomUniform({ minval: -0.2, maxval: 0.2 });
      return [
        tf.layers.conv3d({ filters: 3, kernelSize: [2, 3, 2], strides: [1, 2, 1], padding: 'same', activation: 'relu',
          biasInitializer: bias(), inputShape: [4, 5, 4, 2] }),
        tf.layers.conv3d({ filters: 2, kernelSize: 2, activation: 'tanh', dataFormat: 'channelsFirst',
          biasInitializer: bias() }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 1 }),
      ];
    },
    training: () => imageRegression(6312, 15, [4, 5, 4, 2], () => tf.train.adam(0.01)),
    cases: () => standardCases(6313, [4, 5, 4, 2]),
  },
];

// A regression target for image/volume training fixtures: x ~ U(-1,1) of [n, ...sampleShape], y = 0.25 * sum(x * w) +
// 0.1 with w[j] = sin(0.7 j - 0.4 (j mod 5) + 0.2) over each sample's flat cells; MSE, batch 5, 3 epochs.
// makeOptimizer gives a fresh optimizer per call (the self-check compiles new models with it).
function imageRegression(seed, n, sampleShape, makeOptimizer) {
  const cells = sampleShape.reduce((a, b) => a * b, 1);
  const x = seqData(seed, n, cells, 1);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let j = 0; j < cells; j++) acc += x[i * cells + j] * Math.sin(0.7 * j - 0.4 * (j % 5) + 0.2);
    y[i] = f32(0.25 * acc + 0.1);
  }
  return {
    optimizer: makeOptimizer, loss: 'meanSquaredError', batchSize: 5, epochs: 3,
    x: tf.tensor(x, [n, ...sampleShape]), y: tf.tensor2d(y, [n, 1]), updateRules: RULE_ADAM,
  };
}

// Pads ids to length T with zeros: 'pre' in front, 'post' at the end, 'mid' split after the first half of the ids.
function padSequence(seq, T, where) {
  const pad = new Array(T - seq.length).fill(0);
  if (where === 'pre') return pad.concat(seq);
  if (where === 'post') return seq.concat(pad);
  const h = Math.ceil(seq.length / 2);
  return seq.slice(0, h).concat(pad, seq.slice(h));
}

// ---------------------------------------------------------------------------------------------
// Training with a full record (same schema as the shared fixtures' training.json).
// ---------------------------------------------------------------------------------------------
async function trainRecorded(dir, model, tr) {
  await saveLayersModel(model, path.join(dir, 'initial'));
  const initialWeights = dumpWeights(model);
  model.compile({ optimizer: tr.optimizer(), loss: tr.loss });

  const batchLosses = [];
  const perEpoch = [];
  let afterFirstStep = null;
  const stepWeights = [];
  let epochNow = -1;
  const history = await model.fit(tr.x, tr.y, {
    batchSize: tr.batchSize, epochs: tr.epochs, shuffle: false, verbose: 0, validationSplit: 0,
    callbacks: {
      onEpochBegin: async (epoch) => { epochNow = epoch; batchLosses.push([]); },
      // onBatchEnd runs after tfjs applied this batch's update; logs.loss is the loss computed in the forward pass
      // of that batch (before its update).
      onBatchEnd: async (batch, logs) => {
        batchLosses[epochNow].push(logs.loss);
        if (epochNow === 0 && batch === 0) afterFirstStep = dumpWeights(model);
        if (tr.recordSteps) stepWeights.push(dumpWeights(model));
      },
      onEpochEnd: async (epoch, logs) => { perEpoch.push({ epoch: epoch + 1, loss: logs.loss, weights: dumpWeights(model) }); },
    },
  });

  const n = tr.x.shape[0];
  const nBatches = Math.ceil(n / tr.batchSize);
  for (const bl of batchLosses) if (bl.length !== nBatches) throw new Error('unexpected batch count');

  return {
    note: 'Full training record produced by tfjs model.fit. initial/ holds the weights before fit() in the same tfjs format; '
      + 'the model.json/weights.bin next to this file hold the final weights. Losses are as reported by tfjs (batch loss = mean over the batch, '
      + 'computed in the forward pass before that batch\'s update; epoch loss = mean of batch losses weighted by batch size, '
      + 'accumulated by tfjs in float32 as (1/numSamples) * sum(batchLoss*batchSize)). Batches are consecutive slices of x/y of '
      + 'batchSize rows; the last batch holds the remaining ' + (n - (nBatches - 1) * tr.batchSize) + ' rows.',
    producer: producerInfo(),
    initialModel: 'initial/model.json',
    finalModel: 'model.json',
    optimizer: { className: model.optimizer.getClassName(), config: model.optimizer.getConfig(), backendEpsilon: tf.backend().epsilon() },
    loss: tr.loss,
    batchSize: tr.batchSize,
    epochs: tr.epochs,
    shuffle: false,
    validationSplit: 0,
    sampleWeights: null,
    x: tensorJson('x', tr.x),
    y: tensorJson('y', tr.y),
    history: { loss: history.history.loss },
    batchLosses,
    initialWeights,
    weightsAfterFirstStep: afterFirstStep,
    weightsAfterEachEpoch: perEpoch,
    ...(tr.recordSteps ? { weightsAfterEachStep: stepWeights } : {}),
    updateRules: tr.updateRules,
    trainingTolerance: tr.tolerance
      || { rtol: 1e-4, atol: 1e-5, note: 'training accumulates float32 rounding; compare losses and weights with a looser tolerance than inference' },
  };
}

// Brief unrecorded pre-training so forward-only fixtures have non-trivial (non-zero bias) weights.
async function preFit(model, p) {
  const rng = new DataRng(p.seed);
  const inShape = model.inputs[0].shape.slice(1);
  const outShape = model.outputs[0].shape.slice(1);
  const x = tf.tensor(rng.floats(p.samples * numel(inShape), -1, 1), [p.samples, ...inShape]);
  const y = tf.tensor(rng.floats(p.samples * numel(outShape), -0.8, 0.8), [p.samples, ...outShape]);
  model.compile({ optimizer: p.optimizer(), loss: p.loss });
  const h = await model.fit(x, y, { batchSize: p.batchSize, epochs: p.epochs, shuffle: false, verbose: 0 });
  return {
    syntheticPreTraining: {
      samples: p.samples, batchSize: p.batchSize, epochs: p.epochs, loss: p.loss,
      optimizer: model.optimizer.getClassName(), optimizerConfig: model.optimizer.getConfig(),
      finalLoss: h.history.loss[h.history.loss.length - 1],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Self-checks (run after all fixtures are written so they do not disturb layer-name counters)
// ---------------------------------------------------------------------------------------------
function sameBits(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(f32(a[i]), f32(b[i]))) return false;
  return true;
}

function checkWeightLists(label, got, exp) {
  if (got.length !== exp.length) throw new Error(`${label}: ${got.length} weights, expected ${exp.length}`);
  got.forEach((g, i) => {
    if (g.name !== exp[i].name) throw new Error(`${label}: weight ${i} is ${g.name}, expected ${exp[i].name}`);
    if (!sameBits(g.data, exp[i].data)) throw new Error(`${label}: ${g.name} differs`);
  });
}

async function selfCheck(spec, dir) {
  const cases = JSON.parse(fs.readFileSync(path.join(dir, 'cases.json'), 'utf8'));
  const reloaded = await loadLayersModel(dir);
  for (const c of cases.cases) {
    const x = tf.tensor(c.inputs[0].data, c.inputs[0].shape, c.inputs[0].dtype);
    if (!sameBits(reloaded.predict(x).dataSync(), c.outputs[0].data)) throw new Error(`${spec.name}/${c.name}: reload mismatch`);
  }
  if (!spec.training) return 'reload ok';

  const rec = JSON.parse(fs.readFileSync(path.join(dir, 'training.json'), 'utf8'));
  const tr = spec.training();
  const x = tf.tensor(rec.x.data, rec.x.shape);
  const y = tf.tensor(rec.y.data, rec.y.shape);

  // (1) Independent single step: initial/ + fresh optimizer + trainOnBatch on the first batch.
  const one = await loadLayersModel(path.join(dir, 'initial'));
  checkWeightLists(`${spec.name} initial/`, dumpWeights(one), rec.initialWeights);
  one.compile({ optimizer: tr.optimizer(), loss: tr.loss });
  const b = rec.batchSize;
  const xb = x.slice(0, b);
  const yb = y.slice(0, b);
  const loss0 = await one.trainOnBatch(xb, yb);
  if (!Object.is(f32(loss0), f32(rec.batchLosses[0][0]))) throw new Error(`${spec.name}: trainOnBatch loss ${loss0} != ${rec.batchLosses[0][0]}`);
  checkWeightLists(`${spec.name} first step`, dumpWeights(one), rec.weightsAfterFirstStep);

  // (2) Full replay from initial/ reproduces every epoch's weights and the history.
  const full = await loadLayersModel(path.join(dir, 'initial'));
  full.compile({ optimizer: tr.optimizer(), loss: tr.loss });
  const snaps = [];
  const h = await full.fit(x, y, {
    batchSize: b, epochs: rec.epochs, shuffle: false, verbose: 0,
    callbacks: { onEpochEnd: async () => { snaps.push(dumpWeights(full)); } },
  });
  if (!sameBits(h.history.loss, rec.history.loss)) throw new Error(`${spec.name}: replay history differs`);
  snaps.forEach((s, e) => checkWeightLists(`${spec.name} epoch ${e + 1}`, s, rec.weightsAfterEachEpoch[e].weights));
  checkWeightLists(`${spec.name} final`, dumpWeights(await loadLayersModel(dir)), rec.weightsAfterEachEpoch[rec.epochs - 1].weights);

  // (3) epoch loss == batch-size weighted mean of batch losses (float64 check, float32 tolerance).
  const n = rec.x.shape[0];
  rec.batchLosses.forEach((bl, e) => {
    let s = 0;
    bl.forEach((l, i) => { s += l * Math.min(b, n - i * b); });
    const mean = s / n;
    if (Math.abs(mean - rec.history.loss[e]) > 1e-6 * Math.max(1, Math.abs(mean))) {
      throw new Error(`${spec.name}: epoch ${e + 1} loss ${rec.history.loss[e]} != weighted mean ${mean}`);
    }
  });
  return 'reload ok, trainOnBatch first step bit-exact, full replay bit-exact, weighted epoch mean ok';
}

// goBackwards + returnSequences output order claim in lstm_options_forward's description.
function checkGoBackwardsOrder(model) {
  const lstm = model.layers[0];
  const seqOff = tf.layers.lstm({
    units: 7, returnSequences: false, goBackwards: true, activation: 'relu', recurrentActivation: 'sigmoid', useBias: true,
  });
  const probeIn = tf.input({ shape: [4, 3] });
  const m2 = tf.model({ inputs: probeIn, outputs: seqOff.apply(probeIn) });
  seqOff.setWeights(lstm.getWeights());
  const x = tf.tensor(new DataRng(999).floats(2 * 12, -1, 1), [2, 4, 3]);
  const seq = tf.model({ inputs: model.inputs, outputs: lstm.output }).predict(x);
  const last = seq.slice([0, 3, 0], [2, 1, 7]).reshape([2, 7]);
  if (!sameBits(last.dataSync(), m2.predict(x).dataSync())) throw new Error('goBackwards ordering assumption wrong');
}

/**
 * Every fixture's model: a Sequential of the spec's layers, created and added in the order listed (layer names
 * and the seeded initialisers' draws follow that order, so the table reproduces the files exactly).
 */
function sequential(layers) {
  const m = tf.sequential();
  for (const layer of layers) m.add(layer);
  return m;
}

async function main() {
  await tf.setBackend('cpu');
  await tf.ready();
  if (tf.getBackend() !== 'cpu') throw new Error('cpu backend required');
  if (tf.version.tfjs !== '4.22.0') throw new Error('expected @tensorflow/tfjs 4.22.0, got ' + tf.version.tfjs);

  const built = [];
  for (const spec of FIXTURES) {
    const dir = path.join(OUT_ROOT, spec.name);
    fs.rmSync(dir, { recursive: true, force: true });
    if (spec.rngSeed != null) Math.random = sfc32FromSeed(spec.rngSeed);
    const model = spec.build ? spec.build() : sequential(spec.layers());
    let extra = {};
    let tr = null;
    if (spec.training) {
      tr = spec.training();
      const record = await trainRecorded(dir, model, tr);
      writeJson(path.join(dir, 'training.json'), record);
      extra = { training: 'training.json', initialModel: 'initial/model.json' };
    } else if (spec.preFit) {
      extra = await preFit(model, spec.preFit);
    }
    const { cases } = await writeFixtureFiles(dir, spec, model, spec.cases(model, tr), extra);
    built.push({ spec, dir, model, cases });
    console.log(`wrote ${spec.name}: ${cases.length} cases${spec.training ? ' + training record' : ''}`);
  }

  writeJson(path.join(OUT_ROOT, 'index.json'), {
    producer: producerInfo(),
    generator: 'engine/src/test/fixtures-gen/tfjs/gen.js',
    fixtures: built.map(({ spec, model, cases }) => ({
      name: spec.name, description: spec.description, cases: cases.map((c) => c.name), training: !!spec.training,
      layers: model.layers.map((l) => l.getClassName()),
    })),
  });

  checkGoBackwardsOrder(built.find((b) => b.spec.name === 'lstm_options_forward').model);
  for (const { spec, dir } of built) console.log(`check ${spec.name}: ${await selfCheck(spec, dir)}`);
}

main().catch((err) => { console.error(err); process.exit(1); });
