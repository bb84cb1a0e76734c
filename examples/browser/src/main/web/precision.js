// Measures how far one backend's ops are from the cpu backend's on fixed inputs; writes
// {backend, webglFloat32, ops: {op: {maxAbs, maxRel}}} as JSON into #result.
'use strict';

const backend = new URLSearchParams(location.search).get('backend') || 'webgl';

async function outputs(name) {
  if (name === 'wasm') {
    tf.wasm.setWasmPaths(new URL('vendor/', location.href).href);
  }
  if (!(await tf.setBackend(name))) {
    throw new Error(`TF.js could not initialise the ${name} backend in this browser`);
  }
  await tf.ready();
  const n = 4097;
  const xs = Array.from({ length: n }, (_, i) => -8 + 16 * i / (n - 1));
  const a = Array.from({ length: 128 * 128 }, (_, i) => Math.sin(0.37 * i));
  const b = Array.from({ length: 128 * 128 }, (_, i) => Math.cos(0.11 * i));
  return tf.tidy(() => {
    const x = tf.tensor1d(xs);
    return {
      exp: tf.exp(x),
      tanh: tf.tanh(x),
      sigmoid: tf.sigmoid(x),
      matMul: tf.matMul(tf.tensor2d(a, [128, 128]), tf.tensor2d(b, [128, 128])),
      add: tf.add(x, tf.mul(x, 0.3)),
    };
  });
}

async function values(tensors) {
  const out = {};
  for (const [op, t] of Object.entries(tensors)) {
    out[op] = await t.data();
  }
  tf.dispose(Object.values(tensors));
  return out;
}

async function run() {
  try {
    const reference = await values(await outputs('cpu'));
    const measured = await values(await outputs(backend));
    const ops = {};
    for (const op of Object.keys(reference)) {
      let maxAbs = 0;
      let maxRel = 0;
      reference[op].forEach((r, i) => {
        const d = Math.abs(measured[op][i] - r);
        maxAbs = Math.max(maxAbs, d);
        if (r !== 0) {
          maxRel = Math.max(maxRel, d / Math.abs(r));
        }
      });
      ops[op] = { maxAbs, maxRel };
    }
    const result = {
      backend: tf.getBackend(),
      webglVersion: backend === 'webgl' ? tf.env().getNumber('WEBGL_VERSION') : null,
      webglFloat32: backend === 'webgl' ? tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED') : null,
      ops,
    };
    document.getElementById('result').textContent = JSON.stringify(result, null, 1);
    document.body.dataset.status = 'done';
  } catch (e) {
    document.getElementById('error').textContent = e && e.message ? e.message : String(e);
    document.body.dataset.status = 'error';
  }
}

run();
