// Writes ../../resources/tfjs-custom/custom_scale_shift/{model.json, weights.bin, cases.json} with the REAL
// @tensorflow/tfjs 4.22.0 (fixture_io.js):
//   node gen_custom_layer.js
// Model: dense (Dense 5, input [4]) -> scale_shift (ScaleShift offset 0.25, squash, label "engram";
// custom_layers.js) -> dense_1 (Dense 3).
'use strict';
const path = require('path');
const {tf, rampWeights, rampInput, writeFixture} = require('./fixture_io.js');
const {define} = require('./custom_layers.js');

async function main() {
  await tf.setBackend('cpu');
  const ScaleShift = define(tf);
  const model = tf.sequential({name: 'custom_scale_shift'});
  model.add(tf.layers.dense({units: 5, inputShape: [4], name: 'dense'}));
  model.add(new ScaleShift({offset: 0.25, squash: true, label: 'engram', name: 'scale_shift'}));
  model.add(tf.layers.dense({units: 3, name: 'dense_1'}));
  rampWeights(model);
  await writeFixture(path.resolve(__dirname, '../../resources/tfjs-custom/custom_scale_shift'), model,
      'Dense(5) -> ScaleShift (tf.serialization.registerClass; offset 0.25, squash, label engram) -> Dense(3)',
      [['single', rampInput([1, 4], 1, 1)], ['batch4', rampInput([4, 4], 2, 1)], ['large_values', rampInput([2, 4], 3, 4)]]);
}

main().catch(e => { console.error(e && e.stack || e); process.exit(1); });
