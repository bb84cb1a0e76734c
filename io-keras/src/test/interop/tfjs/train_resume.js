// Live round trip (5) of issue 4, the TF.js side: trains a small LSTM model with Adam in the real
// @tensorflow/tfjs 4.22.0 (cpu backend), saves it WITH its optimizer state (model.save(..., {includeOptimizer:
// true}) to <outDir>/model/{model.json,weights.bin} through a file IOHandler equivalent to tfjs-node's, records its
// predictions, then trains 2 more epochs from its own in-memory state and records the final weights. Java loads the
// saved model, checks the predictions, resumes training for the same 2 epochs and compares the final weights.
//
// usage: node train_resume.js <outDir>   -> <outDir>/model/..., <outDir>/record.json
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

const EPOCHS_BEFORE = 3;
const EPOCHS_AFTER = 2;
const BATCH = 4;

function ramp(shape, a, b, scale) {
  const n = shape.reduce((p, d) => p * d, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = scale * Math.sin(a * i + b);
  return tf.tensor(v, shape, 'float32');
}

async function tensorJson(t) {
  return {shape: t.shape, data: Array.from(await t.data())};
}

async function main() {
  const outDir = process.argv[2];
  await tf.setBackend('cpu');
  const model = tf.sequential();
  model.add(tf.layers.lstm({units: 6, inputShape: [5, 3], returnSequences: false}));
  model.add(tf.layers.dense({units: 2, activation: 'tanh'}));
  // Deterministic asymmetric start weights (different per weight, gate and unit).
  model.setWeights(model.getWeights().map((w, k) => ramp(w.shape, 0.733 + 0.1 * k, 0.3 * k, 0.4)));
  model.compile({optimizer: tf.train.adam(0.02, 0.85, 0.99, 1e-7), loss: 'meanSquaredError'});
  const x = ramp([12, 5, 3], 0.41, 0.2, 1.5);
  const y = ramp([12, 2], 0.93, 1.1, 0.8);
  const fitArgs = {batchSize: BATCH, shuffle: false, verbose: 0};
  await model.fit(x, y, Object.assign({epochs: EPOCHS_BEFORE}, fitArgs));

  const modelDir = path.join(outDir, 'model');
  fs.mkdirSync(modelDir, {recursive: true});
  await model.save({
    save: async (artifacts) => {
      const data = tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      fs.writeFileSync(path.join(modelDir, 'weights.bin'), Buffer.from(data));
      fs.writeFileSync(path.join(modelDir, 'model.json'), JSON.stringify({
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        trainingConfig: artifacts.trainingConfig,
        weightsManifest: [{paths: ['weights.bin'], weights: artifacts.weightSpecs}],
      }));
      return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
    },
  }, {includeOptimizer: true});

  const xPred = ramp([3, 5, 3], 0.29, 0.7, 1.2);
  const predictions = model.predict(xPred);
  await model.fit(x, y, Object.assign({epochs: EPOCHS_AFTER}, fitArgs));
  const finalWeights = await Promise.all(model.weights.map(async w => Object.assign({name: w.originalName},
      await tensorJson(w.read()))));
  fs.writeFileSync(path.join(outDir, 'record.json'), JSON.stringify({
    tfjsVersion: tf.version.tfjs,
    epochsAfter: EPOCHS_AFTER,
    batchSize: BATCH,
    x: await tensorJson(x),
    y: await tensorJson(y),
    xPred: await tensorJson(xPred),
    predictions: await tensorJson(predictions),
    finalWeights,
  }));
}

main().catch(e => { console.error(e && e.stack || e); process.exit(1); });
