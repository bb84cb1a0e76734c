// Loss fixtures for io-keras: for each TF.js 4.22 loss Engram reads beyond the first five, a Dense(4, tanh) ->
// Dense(3, <activation the loss expects>) model with deterministic weights, compiled with the loss and SGD(0.1)
// (mape: 0.001), saved untrained (model.json with its trainingConfig + weights.bin), then trained 2 epochs (batch
// 4, no shuffle) on 8 deterministic samples; expected.json records TF.js's per-epoch losses and the weights after.
// Usage: node gen_losses.js <out dir>   (TF.js from the io-keras/src/test/interop/tfjs lockfile)
const fs = require('fs');
const path = require('path');
const tf = require(path.resolve(__dirname, '../../interop/tfjs/node_modules/@tensorflow/tfjs'));

// TF.js name -> [output activation, target kind]; the hinge labels are -1/1 (TF.js uses them as given)
const LOSSES = {
  meanAbsolutePercentageError: ['linear', 'positive'],
  meanSquaredLogarithmicError: ['softplus', 'positive'],
  logcosh: ['linear', 'signed'],
  poisson: ['softplus', 'positive'],
  hinge: ['tanh', 'plusMinus'],
  squaredHinge: ['tanh', 'plusMinus'],
  categoricalHinge: ['linear', 'oneHot'],
  kullbackLeiblerDivergence: ['softmax', 'soft'],
  cosineProximity: ['linear', 'signed'],
};

function data(kind) {
  const x = []; const base = [];
  for (let i = 0; i < 24; i++) {
    x.push(1.3 * Math.sin(0.71 * i) + 0.4 * Math.cos(0.23 * i));
    base.push(Math.sin(1.37 * i + 0.5));
  }
  let y = base.slice();
  if (kind === 'positive') y = base.map((v) => Math.abs(v) + 0.3);
  else if (kind === 'plusMinus') y = base.map((v) => (v > 0 ? 1 : -1));
  else if (kind === 'oneHot' || kind === 'soft') {
    y = [];
    for (let r = 0; r < 8; r++) {
      const row = base.slice(3 * r, 3 * r + 3);
      if (kind === 'oneHot') {
        const k = row.indexOf(Math.max(...row));
        y.push(...[0, 1, 2].map((j) => (j === k ? 1 : 0)));
      } else {
        const a = row.map(Math.abs); a[a.indexOf(Math.min(...a))] = 0;
        const s = a.reduce((p, q) => p + q, 0);
        y.push(...a.map((v) => v / s));
      }
    }
  }
  return [x, y];
}

async function save(model, dir) {
  fs.mkdirSync(dir, { recursive: true });
  await model.save(tf.io.withSaveHandler(async (art) => {
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify({ modelTopology: art.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: art.weightSpecs }], format: art.format,
      generatedBy: art.generatedBy, convertedBy: art.convertedBy, trainingConfig: art.trainingConfig }));
    fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(tf.io.CompositeArrayBuffer.join(art.weightData)));
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
  }), { includeOptimizer: true }); // TF.js writes the trainingConfig only with the optimizer
}

async function main() {
  const out = process.argv[2];
  if (!out) throw new Error('usage: node gen_losses.js <out dir>');
  await tf.setBackend('cpu');
  for (const [name, [activation, kind]] of Object.entries(LOSSES)) {
    const m = tf.sequential({ layers: [tf.layers.dense({ units: 4, activation: 'tanh', inputShape: [3], name: 'dense' }),
      tf.layers.dense({ units: 3, activation, name: 'dense_1' })] });
    m.weights.forEach((w, k) => {
      const n = w.shape.reduce((a, b) => a * b, 1);
      w.write(tf.tensor(Array.from({ length: n }, (_, i) => 0.5 * Math.sin(0.7 * i + k)), w.shape));
    });
    m.compile({ loss: name, optimizer: tf.train.sgd(name === 'meanAbsolutePercentageError' ? 0.001 : 0.1) });
    const dir = path.join(out, name);
    await save(m, dir);
    const [x, y] = data(kind);
    const h = await m.fit(tf.tensor(x, [8, 3]), tf.tensor(y, [8, 3]), { batchSize: 4, epochs: 2, shuffle: false, verbose: 0 });
    fs.writeFileSync(path.join(dir, 'expected.json'), JSON.stringify({ loss: name, x, y, losses: h.history.loss,
      weightsAfter: m.getWeights().map((w) => Array.from(w.dataSync())),
      producer: { tfjs: tf.version.tfjs, script: 'io-keras/src/test/fixtures-gen/tfjs-losses/gen_losses.js' } }) + '\n');
    console.log(name, h.history.loss);
  }
}
main();
