// Like predict.js, for models with several inputs and outputs (functional graphs): loads an Engram
// TF.js model directory with the real @tensorflow/tfjs (cpu backend) and runs ONE predict call on a
// list of input tensors.
//
// usage: node predict_graph.js <modelDir> <inputs.json> <outputs.json>
//   inputs.json:  {"inputs": [{"shape": [...], "data": [...]}, ...]}   one tensor per model input
//   outputs.json: {"tfjsVersion", "outputs": [{"shape", "data"}, ...]}  one tensor per model output
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

async function main() {
  const [modelDir, inputsPath, outputsPath] = process.argv.slice(2);
  await tf.setBackend('cpu');
  const modelJson = JSON.parse(fs.readFileSync(path.join(modelDir, 'model.json'), 'utf8'));
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
      };
    },
  };
  const model = await tf.loadLayersModel(handler, {strict: true});
  const req = JSON.parse(fs.readFileSync(inputsPath, 'utf8'));
  const xs = req.inputs.map(t => tf.tensor(t.data, t.shape, 'float32'));
  let ys = model.predict(xs.length === 1 ? xs[0] : xs);
  ys = Array.isArray(ys) ? ys : [ys];
  const outputs = [];
  for (const y of ys) {
    outputs.push({shape: y.shape, data: Array.from(await y.data())});
  }
  fs.writeFileSync(outputsPath, JSON.stringify({tfjsVersion: tf.version.tfjs, outputs}));
}

main().catch(e => { console.error(e && e.stack || e); process.exit(1); });
