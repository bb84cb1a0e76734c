// Writes ../../resources/tfjs-refused/conv1d_channels_first/{model.json, weights.bin, cases.json} with the REAL
// @tensorflow/tfjs 4.22.0 (fixture_io.js): a Conv1D with dataFormat channelsFirst, which Engram refuses to read as
// TF.js. tfjs-layers 4.22's conv1dWithBias transposes the [batch, channels, steps] input to channels-last and never
// transposes the output back, so model.predict returns [batch, steps, filters] while the layer declares (and Keras
// computes) [batch, filters, steps]; cases.json records what TF.js returned, shape included. TF.js also leaves
// data_format out of the saved config, so TF.js itself cannot reload the file ("Shape mismatch: [3,9,4] vs.
// [3,3,4]": it rebuilds the layer channels-last); only a converted Keras file carries the key.
//   node gen_channels_first.js
'use strict';
const path = require('path');
const {tf, rampWeights, rampInput, writeFixture} = require('./fixture_io.js');

async function main() {
  await tf.setBackend('cpu');
  const model = tf.sequential({name: 'conv1d_channels_first'});
  model.add(tf.layers.conv1d({filters: 4, kernelSize: 3, dataFormat: 'channelsFirst', inputShape: [3, 9]}));
  rampWeights(model);
  console.log('declared output shape', JSON.stringify(model.outputs[0].shape));
  await writeFixture(path.resolve(__dirname, '../../resources/tfjs-refused/conv1d_channels_first'), model,
    'Conv1D(4, 3, dataFormat channelsFirst, inputShape [3, 9]): declared output [null, 4, 7]; TF.js 4.22 computes '
    + '[batch, 7, 4] (channels-last)', [['batch2', rampInput([2, 3, 9], 1, 1)]]);
}

main().catch(e => { console.error(e && e.stack || e); process.exit(1); });
