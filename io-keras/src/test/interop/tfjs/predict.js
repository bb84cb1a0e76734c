// Loads a TF.js layers model directory written by Engram's TfjsModelWriter with the real
// @tensorflow/tfjs (pure-JS cpu backend, no tfjs-node), runs predict on the inputs of a JSON file
// and writes the outputs (and the optimizer's restored weights, if any) as JSON.
//
// usage: node predict.js <modelDir> <inputs.json> <outputs.json> [customLayers.js]
//   customLayers.js: a module whose define(tf) registers custom layer classes before loading
//   inputs.json:  {"inputs": [{"shape": [...], "data": [...]}, ...]}
//   outputs.json: {"tfjsVersion", "outputs": [{"shape", "data"}], "optimizer": {"className", "weights": [{"name", "shape", "data"}]} | null}
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

async function main() {
  const [modelDir, inputsPath, outputsPath, customLayers] = process.argv.slice(2);
  await tf.setBackend('cpu');
  if (customLayers) {
    require(path.resolve(customLayers)).define(tf);
  }
  const modelJson = JSON.parse(fs.readFileSync(path.join(modelDir, 'model.json'), 'utf8'));
  // A file IOHandler equivalent to tfjs-node's file:// loader: manifest groups, shards concatenated in order.
  const handler = {
    load: async () => {
      const weightSpecs = [];
      const buffers = [];
      for (const group of modelJson.weightsManifest) {
        weightSpecs.push(...group.weights);
        for (const p of group.paths) {
          const b = fs.readFileSync(path.join(modelDir, p));
          buffers.push(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
        }
      }
      return {
        modelTopology: modelJson.modelTopology,
        weightSpecs,
        weightData: tf.io.concatenateArrayBuffers(buffers),
        format: modelJson.format,
        generatedBy: modelJson.generatedBy,
        convertedBy: modelJson.convertedBy,
        trainingConfig: modelJson.trainingConfig,
      };
    },
  };
  const model = await tf.loadLayersModel(handler, {strict: true});
  const req = JSON.parse(fs.readFileSync(inputsPath, 'utf8'));
  const outputs = [];
  for (const input of req.inputs) {
    const x = tf.tensor(input.data, input.shape, 'float32');
    const y = model.predict(x);
    outputs.push({shape: y.shape, data: Array.from(await y.data())});
    x.dispose();
    y.dispose();
  }
  let optimizer = null;
  if (model.optimizer != null) {
    const ws = await model.optimizer.getWeights();
    optimizer = {
      className: model.optimizer.getClassName(),
      weights: await Promise.all(ws.map(async w => ({name: w.name, shape: w.tensor.shape, data: Array.from(await w.tensor.data())}))),
    };
  }
  fs.writeFileSync(outputsPath, JSON.stringify({tfjsVersion: tf.version.tfjs, outputs, optimizer}));
}

main().catch(e => { console.error(e && e.stack || e); process.exit(1); });
