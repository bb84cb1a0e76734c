// Batch form of predict_graph.js for the corpus round trip (issue 12): one Node process loads many Engram-written
// TF.js model directories with the real @tensorflow/tfjs (cpu backend) and runs one predict call per case.
//
// usage: node predict_many.js <jobs.json> <results.json>
//   jobs.json:    [{"name", "modelDir", "cases": [{"inputs": [{"shape", "data"}, ...]}, ...]}, ...]
//   results.json: {"tfjsVersion", "results": {name: {"outputs": [[{"shape", "data"}, ...] per case]} | {"error"}}}
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

async function load(dir) {
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const weightSpecs = [];
  const buffers = [];
  for (const group of json.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const p of group.paths) {
      const b = fs.readFileSync(path.join(dir, p));
      buffers.push(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    }
  }
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs,
    weightData: tf.io.concatenateArrayBuffers(buffers) }), { strict: true });
}

async function main() {
  const [jobsPath, resultsPath] = process.argv.slice(2);
  await tf.setBackend('cpu');
  const results = {};
  for (const job of JSON.parse(fs.readFileSync(jobsPath, 'utf8'))) {
    try {
      const model = await load(job.modelDir);
      const outputs = [];
      for (const c of job.cases) {
        const xs = c.inputs.map((t) => tf.tensor(t.data, t.shape, 'float32'));
        let ys = model.predict(xs.length === 1 ? xs[0] : xs);
        ys = Array.isArray(ys) ? ys : [ys];
        outputs.push(await Promise.all(ys.map(async (y) => ({ shape: y.shape, data: Array.from(await y.data()) }))));
      }
      results[job.name] = { outputs };
    } catch (e) {
      results[job.name] = { error: String(e && e.message ? e.message : e) };
    }
  }
  fs.writeFileSync(resultsPath, JSON.stringify({ tfjsVersion: tf.version.tfjs, results }));
}

main().catch((e) => { console.error(e); process.exit(1); });
