// Writes ../../resources/tfjs-custom/custom_scale_shift/{model.json, weights.bin, cases.json} with the REAL
// @tensorflow/tfjs 4.22.0 (pinned in ../../interop/tfjs/package.json; run `npm ci` there first):
//   node gen_custom_layer.js
// Model: dense (Dense 5, input [4]) -> scale_shift (ScaleShift offset 0.25, squash, label "engram";
// custom_layers.js) -> dense_1 (Dense 3). Weights are deterministic sin/cos ramps; cases hold tfjs's predictions.
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require(require.resolve('@tensorflow/tfjs', {paths: [path.resolve(__dirname, '../../interop/tfjs')]}));
const {define} = require('./custom_layers.js');

function ramp(n, k) {
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    v[i] = 0.55 * Math.sin(0.61 * i + 1.3 * k + 0.25) + 0.2 * Math.cos(0.17 * i * (k + 1)) + 0.03 * (k % 3);
  }
  return v;
}

function input(batch, seed, scale) {
  const v = new Float32Array(batch * 4);
  for (let i = 0; i < v.length; i++) {
    v[i] = scale * (Math.sin(0.83 * i + 0.41 * seed) * 1.2 + 0.3 * Math.cos(0.29 * i + seed));
  }
  return tf.tensor(v, [batch, 4]);
}

async function main() {
  await tf.setBackend('cpu');
  const ScaleShift = define(tf);
  const model = tf.sequential({name: 'custom_scale_shift'});
  model.add(tf.layers.dense({units: 5, inputShape: [4], name: 'dense'}));
  model.add(new ScaleShift({offset: 0.25, squash: true, label: 'engram', name: 'scale_shift'}));
  model.add(tf.layers.dense({units: 3, name: 'dense_1'}));
  model.setWeights(model.weights.map((w, k) => tf.tensor(ramp(w.shape.reduce((a, b) => a * b, 1), k), w.shape)));
  const dir = path.resolve(__dirname, '../../resources/tfjs-custom/custom_scale_shift');
  fs.mkdirSync(dir, {recursive: true});
  await model.save(tf.io.withSaveHandler(async artifacts => {
    fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(artifacts.weightData));
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify({
      modelTopology: artifacts.modelTopology, format: artifacts.format, generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy, weightsManifest: [{paths: ['weights.bin'], weights: artifacts.weightSpecs}],
    }));
    return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
  }));
  const cases = [];
  for (const [name, batch, seed, scale] of [['single', 1, 1, 1.0], ['batch4', 4, 2, 1.0], ['large_values', 2, 3, 4.0]]) {
    const x = input(batch, seed, scale);
    const y = model.predict(x);
    cases.push({name, inputs: [{name: 'input', shape: x.shape, dtype: 'float32', data: Array.from(await x.data())}],
      outputs: [{name: 'output', shape: y.shape, dtype: 'float32', data: Array.from(await y.data())}]});
  }
  fs.writeFileSync(path.join(dir, 'cases.json'), JSON.stringify({
    fixture: 'custom_scale_shift', producer: {tool: 'tfjs', version: tf.version.tfjs},
    description: 'Dense(5) -> ScaleShift (tf.serialization.registerClass; offset 0.25, squash, label engram) -> Dense(3)',
    tolerance: {rtol: 1e-5, atol: 1e-6}, inputNames: ['input'], outputNames: ['output'], cases,
  }, null, 1));
  console.log('wrote', dir);
}

main().catch(e => { console.error(e && e.stack || e); process.exit(1); });
