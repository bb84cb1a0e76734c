// Shared by the io-keras TF.js layer generators: the pinned @tensorflow/tfjs 4.22.0 of
// ../../interop/tfjs (run `npm ci` there), deterministic weights and inputs, and a writer of
// model.json + weights.bin + cases.json (cases hold what tfjs predicts).
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require(require.resolve('@tensorflow/tfjs', {paths: [path.resolve(__dirname, '../../interop/tfjs')]}));

// Distinct sin/cos ramps per weight (as gen_keras.ramp_weights), so transposes and swaps change the outputs.
function rampWeights(model) {
  model.setWeights(model.weights.map((w, k) => {
    const n = w.shape.reduce((a, b) => a * b, 1);
    const v = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      v[i] = 0.55 * Math.sin(0.61 * i + 1.3 * k + 0.25) + 0.2 * Math.cos(0.17 * i * (k + 1)) + 0.03 * (k % 3);
    }
    return tf.tensor(v, w.shape);
  }));
}

// A deterministic float input of the given shape.
function rampInput(shape, seed, scale) {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = scale * (Math.sin(0.83 * i + 0.41 * seed) * 1.2 + 0.3 * Math.cos(0.29 * i + seed));
  return tf.tensor(v, shape);
}

// Writes <dir>/model.json, weights.bin and cases.json; caseInputs: [[name, tensor], ...]. With layerByLayer the
// outputs come from applying each layer to the previous layer's tensor: tfjs-layers 4.22 Resizing (and CenterCrop when
// it enlarges) hand the executor's input list, not its tensor, to tf.image.resize*, so model.predict throws
// ("x must be rank 3 or 4, but got rank 1") while each layer called on a tensor computes its function.
async function writeFixture(dir, model, description, caseInputs, layerByLayer = false) {
  fs.mkdirSync(dir, {recursive: true});
  await model.save(tf.io.withSaveHandler(async artifacts => {
    fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(artifacts.weightData || new ArrayBuffer(0)));
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify({
      modelTopology: artifacts.modelTopology, format: artifacts.format, generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy, weightsManifest: [{paths: ['weights.bin'], weights: artifacts.weightSpecs}],
    }));
    return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
  }));
  const cases = [];
  for (const [name, x] of caseInputs) {
    let y = x;
    if (layerByLayer) {
      for (const layer of model.layers) y = layer.apply(y);
    } else {
      y = model.predict(x);
    }
    cases.push({name, inputs: [{name: 'input', shape: x.shape, dtype: 'float32', data: Array.from(await x.data())}],
      outputs: [{name: 'output', shape: y.shape, dtype: 'float32', data: Array.from(await y.data())}]});
  }
  fs.writeFileSync(path.join(dir, 'cases.json'), JSON.stringify({
    fixture: path.basename(dir), producer: {tool: 'tfjs', version: tf.version.tfjs}, description,
    tolerance: {rtol: 1e-5, atol: 1e-6}, inputNames: ['input'], outputNames: ['output'], cases,
  }, null, 1));
  console.log('wrote', dir);
}

module.exports = {tf, rampWeights, rampInput, writeFixture};
