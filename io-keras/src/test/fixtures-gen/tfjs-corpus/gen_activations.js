// Every activation TensorFlow.js 4.22 serialises, evaluated by TF.js itself (ActivationPeerTest).
//
//   node gen_activations.js          (uses the node_modules of io-keras/src/test/interop/tfjs)
//
// Writes io-keras/src/test/resources/activations/tfjs.json: the values of each activation on the
// grid of the Keras generator (gen_activations.py) and the gradient of sum(w * f(x)) with respect to x
// (tf.grad), on the pure-JS cpu backend. Row-wise functions (softmax, logSoftmax) act on rows of 8.
'use strict';

const fs = require('fs');
const path = require('path');
const NODE_DIR = path.join(__dirname, '..', '..', 'interop', 'tfjs', 'node_modules');
const tf = require(path.join(NODE_DIR, '@tensorflow/tfjs'));

const NAMES = ['linear', 'relu', 'relu6', 'elu', 'selu', 'tanh', 'sigmoid', 'hardSigmoid', 'softmax', 'logSoftmax',
  'softplus', 'softsign', 'swish', 'mish', 'gelu', 'gelu_new'];

function grid() {
  // The Keras generator's grid: 88 points over [-7, 7] shifted by 0.0137, then a few fixed values.
  const x = [];
  for (let i = 0; i < 88; i++) {
    x.push(Math.fround(-7 + (14 * i) / 87 + 0.0137));
  }
  return x.concat([-30, -12.5, 12.5, 30, -0.25, 0.25, 0.75, -0.75].map(Math.fround));
}

async function main() {
  await tf.setBackend('cpu');
  const x = grid();
  const w = x.map((_, i) => Math.fround(-1 + (2 * i) / (x.length - 1)));
  const out = { generator: 'io-keras/src/test/fixtures-gen/tfjs-corpus/gen_activations.js, tfjs ' + tf.version.tfjs,
    x, w, rows: 8, activations: {} };
  const xt = tf.tensor2d(x, [x.length / 8, 8]);
  const wt = tf.tensor2d(w, [w.length / 8, 8]);
  for (const name of NAMES) {
    const layer = tf.layers.activation({ activation: name });
    const f = (t) => layer.apply(t);
    const y = f(xt);
    const dx = tf.grad((t) => tf.sum(tf.mul(f(t), wt)))(xt);
    out.activations[name] = { y: Array.from(y.dataSync()), dx: Array.from(dx.dataSync()) };
  }
  const dir = path.join(__dirname, '..', '..', 'resources', 'activations');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'tfjs.json'), JSON.stringify(out) + '\n');
}

main();
