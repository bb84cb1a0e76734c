// TensorFlow.js 4.22.0 peer (Node, pure-JS "cpu" or "wasm" backend; tfjs-node cannot install here).
// Usage: node harness.js cpu|wasm W1|W2|W3|W4|CNN|GEMM
// Env: BENCH_EPOCHS, BENCH_TRAIN_SAMPLES, BENCH_INFER_SAMPLES, BENCH_INFER_REPS, BENCH_CALLS.
'use strict';
const tf = require('@tensorflow/tfjs');
require('@tensorflow/tfjs-backend-wasm');

const SPECS = {
  // name: [timesteps, features, units, outputs, batch, samples, inferBatch]
  W2: [32, 1, 64, 1, 64, 8192, 256],
  W3: [50, 32, 256, 10, 128, 4096, 256],
  W4: [50, 8, 128, 1, 1, 1, 1],
};
const GEMM_SHAPES = [[64, 65, 256], [128, 288, 1024], [1024, 1024, 1024]];
const env = (k, d) => (process.env[k] ? parseInt(process.env[k], 10) : d);
const now = () => Number(process.hrtime.bigint()) / 1e9;
const median = (v) => { const s = [...v].sort((a, b) => a - b); const n = s.length; return n % 2 ? s[(n - 1) / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]); };
const p99 = (v) => { const s = [...v].sort((a, b) => a - b); return s[Math.max(0, Math.min(s.length - 1, Math.ceil(0.99 * s.length) - 1))]; };

function inputs(n, timesteps, features) {
  const x = new Float32Array(n * timesteps * features);
  let p = 0;
  for (let i = 0; i < n; i++) for (let t = 0; t < timesteps; t++) for (let f = 0; f < features; f++) {
    const s = Math.sin(i * 12.9898 + t * 78.233 + f * 37.719) * 43758.5453;
    x[p++] = Math.sin(0.1 * (i + t) + 0.5 * f) + 0.1 * (s - Math.floor(s) - 0.5);
  }
  return tf.tensor3d(x, [n, timesteps, features]);
}

function targets(name, n) {
  const [timesteps, , , outputs] = SPECS[name];
  const y = new Float32Array(n * outputs);
  for (let i = 0; i < n; i++) {
    if (outputs > 1) y[i * outputs + (i % outputs)] = 1; else y[i] = Math.sin(0.1 * (i + timesteps));
  }
  return tf.tensor2d(y, [n, outputs]);
}

function model(name) {
  const [timesteps, features, units, outputs] = SPECS[name];
  const m = tf.sequential();
  m.add(tf.layers.lstm({units, inputShape: [timesteps, features]}));
  m.add(tf.layers.dense({units: outputs, activation: outputs > 1 ? 'softmax' : 'linear'}));
  m.compile({loss: outputs > 1 ? 'categoricalCrossentropy' : 'meanSquaredError', optimizer: tf.train.adam(0.001)});
  return m;
}

let backend;
const header = (workload) => ({peer: 'tfjs-' + backend, variant: 'tfjs-4.22.0-' + backend, workload, threads: 1});
const emit = (f) => console.log('RESULT ' + JSON.stringify(f));

async function w1() {
  const t0 = now();
  const m = tf.sequential();
  m.add(tf.layers.lstm({units: 16, inputShape: [1, 1]}));
  m.add(tf.layers.dense({units: 1}));
  m.compile({loss: 'meanSquaredError', optimizer: 'adam'});
  await m.fit(tf.tensor3d([[[1]], [[2]]]), tf.tensor2d([[1], [2]]), {epochs: 10, verbose: 0});
  const p = (await m.predict(tf.tensor3d([[[3]]])).data())[0];
  emit({...header('W1'), fit_predict_s: now() - t0, prediction: p});
}

async function recurrent(name) {
  const [timesteps, features, , , batch, samples, inferBatch] = SPECS[name];
  const epochs = env('BENCH_EPOCHS', 3);
  const n = env('BENCH_TRAIN_SAMPLES', samples);
  const ni = env('BENCH_INFER_SAMPLES', samples);
  const reps = env('BENCH_INFER_REPS', 3);
  const x = inputs(n, timesteps, features);
  const y = targets(name, n);
  const m = model(name);
  const opts = {epochs: 1, batchSize: batch, shuffle: false, verbose: 0};
  await m.fit(x, y, opts);
  const train = [];
  for (let e = 0; e < epochs; e++) {
    const t0 = now();
    await m.fit(x, y, opts);
    train.push(n / (now() - t0));
  }
  const xi = inputs(ni, timesteps, features);
  const infer = [];
  for (let r = 0; r <= reps; r++) {
    const t0 = now();
    const out = m.predict(xi, {batchSize: inferBatch});
    await out.data();
    out.dispose();
    if (r > 0) infer.push(ni / (now() - t0));
  }
  emit({...header(name), train_samples: n, train_sps: median(train), train_sps_all: train,
    infer_samples: ni, infer_sps: median(infer), infer_sps_all: infer});
}

// Workload CNN: the TF.js tutorial's MNIST convnet on synthetic digits (dev.engram.bench.ConvnetWorkload's formula).
function digits(n) {
  const x = new Float32Array(n * 28 * 28);
  const y = new Float32Array(n * 10);
  for (let i = 0; i < n; i++) {
    const k = i % 10;
    const cr = 14 + ((k % 3) - 1) * 3, cc = 14 + ((Math.floor(k / 3) % 3) - 1) * 3;
    const radius = 5 + k / 3, angle = k * Math.PI / 10;
    for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) {
      const dr = r - cr, dc = c - cc, dist = Math.hypot(dr, dc);
      const across = dr * Math.cos(angle) - dc * Math.sin(angle);
      const s = Math.sin(i * 12.9898 + r * 78.233 + c * 37.719) * 43758.5453;
      const v = Math.exp(-Math.pow(dist - radius, 2) / 2) + 0.8 * (dist < 9 ? Math.exp(-across * across / 1.5) : 0)
        + 0.15 * (s - Math.floor(s));
      x[(i * 28 + r) * 28 + c] = Math.min(1, Math.max(0, v));
    }
    y[i * 10 + k] = 1;
  }
  return {x: tf.tensor4d(x, [n, 28, 28, 1]), y: tf.tensor2d(y, [n, 10])};
}

async function convnet() {
  const epochs = env('BENCH_EPOCHS', 3);
  const n = env('BENCH_TRAIN_SAMPLES', 2048);
  const reps = env('BENCH_INFER_REPS', 3);
  const {x, y} = digits(n);
  const m = tf.sequential();
  m.add(tf.layers.conv2d({inputShape: [28, 28, 1], kernelSize: 5, filters: 8, strides: 1, activation: 'relu',
    kernelInitializer: 'varianceScaling'}));
  m.add(tf.layers.maxPooling2d({poolSize: [2, 2], strides: [2, 2]}));
  m.add(tf.layers.conv2d({kernelSize: 5, filters: 16, strides: 1, activation: 'relu', kernelInitializer: 'varianceScaling'}));
  m.add(tf.layers.maxPooling2d({poolSize: [2, 2], strides: [2, 2]}));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({units: 10, kernelInitializer: 'varianceScaling', activation: 'softmax'}));
  m.compile({optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy'});
  const opts = {epochs: 1, batchSize: 512, shuffle: false, verbose: 0};
  const train = [];
  let trainError = null;
  try {
    await m.fit(x, y, opts);
    for (let e = 0; e < epochs; e++) {
      const t0 = now();
      await m.fit(x, y, opts);
      train.push(n / (now() - t0));
    }
  } catch (err) {
    // tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel: it cannot train a convnet; inference still runs.
    trainError = String(err.message || err);
  }
  const infer = [];
  for (let r = 0; r <= reps; r++) {
    const t0 = now();
    const out = m.predict(x, {batchSize: 512});
    await out.data();
    out.dispose();
    if (r > 0) infer.push(n / (now() - t0));
  }
  const trained = trainError == null ? {train_samples: n, train_sps: median(train), train_sps_all: train}
    : {train_error: trainError};
  emit({...header('CNN'), ...trained, infer_samples: n, infer_sps: median(infer), infer_sps_all: infer});
}

async function w4() {
  const [timesteps, features] = SPECS.W4;
  const calls = env('BENCH_CALLS', 1000);
  const m = model('W4');
  const x = inputs(1, timesteps, features);
  for (let i = 0; i < 100; i++) { const o = m.predict(x); o.dataSync(); o.dispose(); }
  const ms = [];
  for (let i = 0; i < calls; i++) {
    const t0 = now();
    const o = m.predict(x);
    o.dataSync();
    o.dispose();
    ms.push((now() - t0) * 1e3);
  }
  emit({...header('W4'), latency_median_ms: median(ms), latency_p99_ms: p99(ms)});
}

async function gemm() {
  for (const [mm, k, n] of GEMM_SHAPES) {
    const a = tf.randomUniform([mm, k], -0.5, 0.5, 'float32', 7);
    const b = tf.randomUniform([k, n], -0.5, 0.5, 'float32', 8);
    const flops = 2 * mm * n * k;
    const inner = Math.max(1, Math.floor(2e8 / flops / 10));
    const run = () => { for (let i = 0; i < inner; i++) { const c = tf.matMul(a, b); c.dataSync(); c.dispose(); } };
    run();
    const gf = [];
    for (let r = 0; r < 5; r++) {
      const t0 = now();
      run();
      gf.push(flops * inner / (now() - t0) / 1e9);
    }
    emit({...header('GEMM'), shape: `${mm}x${k}x${n}`, gflops: median(gf), gflops_all: gf});
  }
}

(async () => {
  backend = process.argv[2];
  await tf.setBackend(backend);
  await tf.ready();
  const w = process.argv[3];
  if (w === 'W1') await w1();
  else if (w === 'W2' || w === 'W3') await recurrent(w);
  else if (w === 'W4') await w4();
  else if (w === 'CNN') await convnet();
  else if (w === 'GEMM') await gemm();
  else throw new Error('unknown workload ' + w);
})().catch((e) => { console.error(e); process.exit(1); });
