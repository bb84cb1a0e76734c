// Writes ../../resources/tfjs-preprocessing/<fixture>/{model.json, weights.bin, cases.json} with the REAL
// @tensorflow/tfjs 4.22.0 (fixture_io.js), for the preprocessing layers TF.js serialises:
//   node gen_preprocessing.js
// tfjs-layers 4.22 Resizing.computeOutputShape returns [height, width, inputShape[2]] (the input's width, not its
// channels, and no batch axis), and its call (and CenterCrop's when it enlarges) fails inside model.predict (see
// fixture_io.js): the image fixtures' outputs are computed layer by layer. A layer after Resizing is built for a wrong shape: each resize chain ends the
// model (CenterCrop and Resizing themselves read the real tensor's shape). CenterCrop.computeOutputShape writes its size
// into the shape array it is given, which layers like Rescaling pass on from their input: directly after the input it
// rewrites the model's batch_input_shape, so an identity Permute (a fresh shape array) stands before each CenterCrop;
// CategoryEncoding.computeOutputShape does the same to its input's last axis, so the id models start with one too.
'use strict';
const path = require('path');
const {tf, rampWeights, rampInput, writeFixture} = require('./fixture_io.js');

const OUT = path.resolve(__dirname, '../../resources/tfjs-preprocessing');

function imageCases(sample) {
  return [['single', rampInput([1, ...sample], 1, 1)], ['batch3', rampInput([3, ...sample], 2, 1)],
    ['large_values', rampInput([2, ...sample], 3, 40)]];
}

// ids in [0, numTokens): sample b, position t holds (7t + 3b + seed) mod numTokens.
function idCases(batchSizes, n, numTokens) {
  return batchSizes.map((b, s) => {
    const v = new Float32Array(b * n);
    for (let i = 0; i < v.length; i++) v[i] = (7 * (i % n) + 3 * Math.floor(i / n) + s) % numTokens;
    return ['batch' + b, tf.tensor(v, [b, n])];
  });
}

const FIXTURES = [
  {
    name: 'resize_bilinear',
    description: 'Rescaling(scale 0.5, offset -0.2, inputShape [6,5,2]) -> Permute([1,2,3]) -> CenterCrop(3, 4) (one column '
      + 'narrower: tfjs starts at column 1) -> Resizing(5, 7) (bilinear, alignCorners since cropToAspectRatio is false)',
    build: () => [tf.layers.rescaling({scale: 0.5, offset: -0.2, inputShape: [6, 5, 2]}), tf.layers.permute({dims: [1, 2, 3]}),
      tf.layers.centerCrop({height: 3, width: 4}), tf.layers.resizing({height: 5, width: 7})],
    cases: () => imageCases([6, 5, 2]),
    layerByLayer: true,
  },
  {
    name: 'resize_nearest_stretch',
    description: 'Permute([1,2,3], inputShape [5,6,3]) -> CenterCrop(8, 7) (smaller image: resizeBilinear, no alignCorners, '
      + 'no half-pixel) -> Resizing(4, 3, nearest, cropToAspectRatio true: alignCorners false, no crop)',
    build: () => [tf.layers.permute({dims: [1, 2, 3], inputShape: [5, 6, 3]}), tf.layers.centerCrop({height: 8, width: 7}),
      tf.layers.resizing({height: 4, width: 3, interpolation: 'nearest', cropToAspectRatio: true})],
    cases: () => imageCases([5, 6, 3]),
    layerByLayer: true,
  },
  {
    name: 'resize_nearest_aligned_bilinear_asymmetric',
    description: 'Resizing(7, 4, nearest, inputShape [5,6,2]) (alignCorners: rounded positions) -> Resizing(3, 5, bilinear, '
      + 'cropToAspectRatio true: asymmetric sampling, no crop)',
    build: () => [tf.layers.resizing({height: 7, width: 4, interpolation: 'nearest', inputShape: [5, 6, 2]}),
      tf.layers.resizing({height: 3, width: 5, cropToAspectRatio: true})],
    cases: () => imageCases([5, 6, 2]),
    layerByLayer: true,
  },
  {
    name: 'category_encoding_count',
    description: 'Permute([1], inputShape [5]) -> CategoryEncoding(numTokens 8, outputMode count) -> Dense(3)',
    build: () => [tf.layers.permute({dims: [1], inputShape: [5]}), tf.layers.categoryEncoding({numTokens: 8, outputMode: 'count'}),
      tf.layers.dense({units: 3})],
    cases: () => idCases([1, 4], 5, 8),
  },
  {
    name: 'category_encoding_multi_hot',
    description: 'Permute([1], inputShape [4]) -> CategoryEncoding(numTokens 6, default multiHot) -> Dense(2)',
    build: () => [tf.layers.permute({dims: [1], inputShape: [4]}), tf.layers.categoryEncoding({numTokens: 6}),
      tf.layers.dense({units: 2})],
    cases: () => idCases([1, 3], 4, 6),
  },
  {
    name: 'category_encoding_one_hot',
    description: 'Permute([1], inputShape [1]) -> CategoryEncoding(numTokens 5, oneHot) -> Dense(2)',
    build: () => [tf.layers.permute({dims: [1], inputShape: [1]}), tf.layers.categoryEncoding({numTokens: 5, outputMode: 'oneHot'}),
      tf.layers.dense({units: 2})],
    cases: () => idCases([1, 5], 1, 5),
  },
];

async function main() {
  await tf.setBackend('cpu');
  for (const spec of FIXTURES) {
    const model = tf.sequential({name: spec.name});
    for (const layer of spec.build()) model.add(layer);
    rampWeights(model);
    await writeFixture(path.join(OUT, spec.name), model, spec.description, spec.cases(), !!spec.layerByLayer);
  }
}

main().catch(e => { console.error(e && e.stack || e); process.exit(1); });
