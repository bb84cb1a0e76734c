// Optimizer-state fixtures for io-keras: for each optimizer TF.js 4.22 can save with its state (includeOptimizer),
// a Dense(4, tanh) -> Dense(3) model with deterministic weights, compiled with meanSquaredError, is trained 2 epochs
// (batch 4, no shuffle) on 8 deterministic samples and saved with its trainingConfig and optimizer weights; TF.js
// then trains 2 more epochs and expected.json records the losses and the weights after.
// (TF.js 4.22's Adamax cannot save its state: "getWeights() is not implemented for Adamax yet".)
// Usage: node gen_optimizers.js <out dir>   (TF.js from the io-keras/src/test/interop/tfjs lockfile)
const fs = require('fs');
const path = require('path');
const tf = require(path.resolve(__dirname, '../../interop/tfjs/node_modules/@tensorflow/tfjs'));

const OPTIMIZERS = {
  sgd: () => tf.train.sgd(0.1),
  momentum_nesterov: () => tf.train.momentum(0.05, 0.9, true),
  rmsprop_centered: () => tf.train.rmsprop(0.01, 0.9, 0.5, 1e-6, true),
  adagrad: () => tf.train.adagrad(0.1),
  adadelta: () => tf.train.adadelta(1.0, 0.9, 1e-6),
  adam: () => tf.train.adam(0.01),
};

function data() {
  const x = []; const y = [];
  for (let i = 0; i < 24; i++) {
    x.push(1.3 * Math.sin(0.71 * i) + 0.4 * Math.cos(0.23 * i));
    y.push(Math.sin(1.37 * i + 0.5));
  }
  return [tf.tensor(x, [8, 3]), tf.tensor(y, [8, 3]), x, y];
}

async function save(model, dir) {
  fs.mkdirSync(dir, { recursive: true });
  await model.save(tf.io.withSaveHandler(async (art) => {
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify({ modelTopology: art.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: art.weightSpecs }], format: art.format,
      generatedBy: art.generatedBy, convertedBy: art.convertedBy, trainingConfig: art.trainingConfig }));
    fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(tf.io.CompositeArrayBuffer.join(art.weightData)));
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
  }), { includeOptimizer: true });
}

async function main() {
  const out = process.argv[2];
  if (!out) throw new Error('usage: node gen_optimizers.js <out dir>');
  await tf.setBackend('cpu');
  for (const [name, make] of Object.entries(OPTIMIZERS)) {
    const m = tf.sequential({ layers: [tf.layers.dense({ units: 4, activation: 'tanh', inputShape: [3], name: 'dense' }),
      tf.layers.dense({ units: 3, name: 'dense_1' })] });
    m.weights.forEach((w, k) => {
      const n = w.shape.reduce((a, b) => a * b, 1);
      w.write(tf.tensor(Array.from({ length: n }, (_, i) => 0.5 * Math.sin(0.7 * i + k)), w.shape));
    });
    m.compile({ loss: 'meanSquaredError', optimizer: make() });
    const [xs, ys, x, y] = data();
    await m.fit(xs, ys, { batchSize: 4, epochs: 2, shuffle: false, verbose: 0 });
    const dir = path.join(out, name);
    await save(m, dir);
    const h = await m.fit(xs, ys, { batchSize: 4, epochs: 2, shuffle: false, verbose: 0 });
    fs.writeFileSync(path.join(dir, 'expected.json'), JSON.stringify({ optimizer: name, x, y, losses: h.history.loss,
      weightsAfter: m.getWeights().map((w) => Array.from(w.dataSync())),
      producer: { tfjs: tf.version.tfjs, script: 'io-keras/src/test/fixtures-gen/tfjs-optimizers/gen_optimizers.js' } }) + '\n');
    console.log(name, h.history.loss);
  }
}
main();
