// Loads the Engram-trained forecaster with tf.loadLayersModel (same origin), predicts the test
// windows on the chosen backend, writes the outputs into #result as JSON and draws forecast vs
// actual. Query parameters: backend=cpu|wasm|webgl, model=<model.json URL>, data=<forecast.json URL>.
'use strict';

const params = new URLSearchParams(location.search);
const backend = params.get('backend') || 'cpu';
const modelUrl = params.get('model') || 'model/model.json';
const dataUrl = params.get('data') || 'model/forecast.json';

const COLORS = { actual: '#1f4e9c', forecast: '#e4572e', naive: '#9a9a9a', axis: '#333', grid: '#e6e6e6' };

function setStatus(status, text) {
  document.body.dataset.status = status;
  document.getElementById('status').textContent = text;
}

function rmse(forecasts, actual) {
  let sq = 0;
  forecasts.forEach((f, i) => { sq += (f - actual[i]) ** 2; });
  return Math.sqrt(sq / forecasts.length);
}

async function fetchJson(url) {
  return (await checkedFetch(url)).json();
}

// TF.js 4.22 checks the HTTP status of model.json but not of the weight files: a missing shard
// would be decoded from the 404 page ("byte length of Float32Array should be a multiple of 4").
// Passed as loadLayersModel's fetchFunc, this fails such a request with its URL and status instead.
async function checkedFetch(url, init) {
  const response = await fetch(url, init);
  if (!response.ok) {
    throw new Error(`Request to ${url} failed with status code ${response.status}. ` +
      'Please verify that every file the model.json names is served next to it.');
  }
  return response;
}

async function run() {
  const select = document.getElementById('backend');
  select.value = backend;
  select.addEventListener('change', () => {
    params.set('backend', select.value);
    location.search = params.toString();
  });
  try {
    if (backend === 'wasm') {
      // The .wasm binaries are served next to the page (copied from the npm package by the build).
      tf.wasm.setWasmPaths(new URL('vendor/', location.href).href);
    }
    const t0 = performance.now();
    if (!(await tf.setBackend(backend))) {
      throw new Error(`TF.js could not initialise the ${backend} backend in this browser`);
    }
    await tf.ready();
    const backendMs = performance.now() - t0;
    const data = await fetchJson(dataUrl);

    const t1 = performance.now();
    const model = await tf.loadLayersModel(modelUrl, { fetchFunc: checkedFetch });
    const loadMs = performance.now() - t1;

    const n = data.windows.length;
    const x = tf.tensor3d(data.windows.flat(), [n, data.window, 1]);
    const t2 = performance.now();
    const y = model.predict(x);
    const predictions = Array.from(await y.data());
    const predictMs = performance.now() - t2;
    tf.dispose([x, y]);

    const toPassengers = (z, i) => data.lastObserved[i] * Math.exp(z * data.std + data.mean);
    const forecasts = predictions.map(toPassengers);
    let maxAbsDiff = 0;
    predictions.forEach((p, i) => { maxAbsDiff = Math.max(maxAbsDiff, Math.abs(p - data.engramPredictions[i])); });
    const result = {
      backend: tf.getBackend(),
      tfjsVersion: tf.version.tfjs,
      predictions,
      forecasts,
      rmse: rmse(forecasts, data.actual),
      engramRmse: data.engramRmse,
      naiveRmse: rmse(data.lastObserved, data.actual),
      maxAbsDiffVsEngram: maxAbsDiff,
      backendInitMs: backendMs,
      loadMs,
      predictMs,
      webglFloat32: backend === 'webgl' ? tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED') : null,
      // Every URL the page fetched (scripts, .wasm, model files): all from this origin, no CDN.
      resources: performance.getEntriesByType('resource').map(e => e.name),
    };
    document.getElementById('result').textContent = JSON.stringify(result, null, 1);
    draw(document.getElementById('chart'), data, forecasts, result);
    setStatus('done', `${result.backend}: model loaded in ${loadMs.toFixed(1)} ms, ` +
      `${n} windows predicted in ${predictMs.toFixed(1)} ms`);
  } catch (e) {
    // The message as thrown: TF.js's own (a model.json that does not parse, weights that do not
    // match the manifest) or checkedFetch's for a file that is not served.
    document.getElementById('chart').hidden = true;
    const message = e && e.message ? e.message : String(e);
    document.getElementById('error').textContent = `Could not run the model (${modelUrl}) on ${backend}:\n${message}`;
    setStatus('error', 'failed');
  }
}

function niceStep(range, ticks) {
  const raw = range / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map(m => m * mag).find(s => s >= raw);
}

function draw(canvas, data, forecasts, result) {
  const ctx = canvas.getContext('2d');
  const W = canvas.width, H = canvas.height;
  const left = 64, right = 20, top = 48, bottom = 56;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, W, H);

  const series = [
    { name: 'actual', values: data.actual, color: COLORS.actual, width: 2.5, dash: [] },
    {
      name: `forecast (TF.js ${result.backend}), RMSE ${result.rmse.toFixed(1)}`,
      values: forecasts, color: COLORS.forecast, width: 2.5, dash: [],
    },
    {
      name: `naive: last month, RMSE ${result.naiveRmse.toFixed(1)}`,
      values: data.lastObserved, color: COLORS.naive, width: 1.5, dash: [6, 4],
    },
  ];
  const all = series.flatMap(s => s.values);
  const step = niceStep(Math.max(...all) - Math.min(...all), 6);
  const yMin = Math.floor(Math.min(...all) / step) * step;
  const yMax = Math.ceil(Math.max(...all) / step) * step;
  const n = data.actual.length;
  const px = i => left + (i / (n - 1)) * (W - left - right);
  const py = v => top + (1 - (v - yMin) / (yMax - yMin)) * (H - top - bottom);

  ctx.font = '12px sans-serif';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (let v = yMin; v <= yMax + 1e-9; v += step) {
    ctx.strokeStyle = COLORS.grid;
    ctx.lineWidth = 1;
    ctx.beginPath(); ctx.moveTo(left, py(v)); ctx.lineTo(W - right, py(v)); ctx.stroke();
    ctx.fillStyle = COLORS.axis;
    ctx.fillText(String(v), left - 6, py(v));
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (let i = 0; i < n; i += 3) {
    ctx.fillText(data.months[i], px(i), H - bottom + 8);
  }
  ctx.strokeStyle = COLORS.axis;
  ctx.lineWidth = 1;
  ctx.beginPath(); ctx.moveTo(left, top); ctx.lineTo(left, H - bottom); ctx.lineTo(W - right, H - bottom); ctx.stroke();
  ctx.fillText('month', (left + W - right) / 2, H - 22);
  ctx.save();
  ctx.translate(16, (top + H - bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText('passengers (thousands)', 0, 0);
  ctx.restore();

  for (const s of series) {
    ctx.strokeStyle = s.color;
    ctx.lineWidth = s.width;
    ctx.setLineDash(s.dash);
    ctx.beginPath();
    s.values.forEach((v, i) => (i === 0 ? ctx.moveTo(px(i), py(v)) : ctx.lineTo(px(i), py(v))));
    ctx.stroke();
  }
  ctx.setLineDash([]);

  // Legend across the top, then the Engram reference.
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  let x = left;
  for (const s of series) {
    ctx.strokeStyle = s.color;
    ctx.lineWidth = s.width;
    ctx.setLineDash(s.dash);
    ctx.beginPath(); ctx.moveTo(x, 20); ctx.lineTo(x + 26, 20); ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = COLORS.axis;
    ctx.fillText(s.name, x + 32, 20);
    x += 42 + ctx.measureText(s.name).width;
  }
  ctx.fillText(`Engram (Java) RMSE ${result.engramRmse.toFixed(1)}`, x, 20);
}

run();
