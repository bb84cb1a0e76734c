"""tensorflowjs_converter output from a Keras HDF5 file (issue 4), with the real converter.

1. Builds a small tf.keras (tf-keras 2.18) model LSTM(5, return_sequences) -> LSTM(4, hard_sigmoid) ->
   Dense(3, softmax) with deterministic asymmetric weights (different per weight, gate and unit) and saves
   it as ``<out>/keras_lstm.h5`` (``model.save``, HDF5).
2. Converts it with ``tensorflowjs_converter --input_format keras --output_format tfjs_layers_model``:
   * ``sharded/``: ``--weight_shard_size_bytes 400`` -> several ``group1-shardNofM.bin`` files;
   * ``quantized_uint8_float16/``: ``--quantize_uint8 'lstm/*'`` (both LSTMs' weights, affine uint8 with
     per-tensor min/scale) and ``--quantize_float16 'dense/*'``;
   * ``quantized_uint16/``: ``--quantize_uint16 '*'``.
3. Writes ``cases.json`` in each folder (shared/fixtures/README.md section 1):
   * sharded: the Keras model's own outputs (``model(x, training=False)``);
   * quantised: the outputs of the real TensorFlow.js 4.22.0 in Node (``src/test/interop/tfjs/predict.js``,
     which loads the folder with ``tf.loadLayersModel``), i.e. with the weights dequantised exactly as
     TF.js does. The Keras outputs' max abs difference from them is recorded as information.
   For the sharded output the TF.js outputs are computed too and their difference from Keras recorded.

usage: python gen_tfjs_converter.py --out ../../resources/tfjs-converter --node-dir ../../interop/tfjs
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tensorflowjs  # noqa: E402
import tf_keras as keras  # noqa: E402

IN_SHAPE = (4, 3)


def det(shape, salt):
    n = int(np.prod(shape))
    i = np.arange(n, dtype=np.float64)
    return (0.5 * np.sin(0.613 * i + 0.37 * salt + 0.2) + 0.07 * np.cos(1.91 * i * (salt + 1))).astype(
        np.float32).reshape(shape)


def build():
    m = keras.Sequential(name="keras_lstm")
    m.add(keras.layers.InputLayer(input_shape=IN_SHAPE, name="x"))
    m.add(keras.layers.LSTM(5, return_sequences=True, name="lstm"))
    m.add(keras.layers.LSTM(4, recurrent_activation="hard_sigmoid", name="lstm_1"))
    m.add(keras.layers.Dense(3, activation="softmax", name="dense"))
    for li, layer in enumerate(m.layers):
        layer.set_weights([det(w.shape, 10 * li + wi + 1) for wi, w in enumerate(layer.get_weights())])
    return m


def inputs():
    out = []
    for batch in (1, 5):
        n = batch * int(np.prod(IN_SHAPE))
        out.append((f"batch{batch}", (1.7 * np.sin(0.47 * np.arange(n) + 0.3 * batch)).astype(np.float32)
                    .reshape((batch,) + IN_SHAPE)))
    return out


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]


def convert(h5, dest, extra):
    if os.path.exists(dest):
        shutil.rmtree(dest)
    cmd = ["tensorflowjs_converter", "--input_format", "keras", "--output_format", "tfjs_layers_model"] + extra + [h5, dest]
    cmd[0] = os.path.join(os.path.dirname(sys.executable), "tensorflowjs_converter")
    subprocess.run(cmd, check=True)
    return " ".join(["tensorflowjs_converter"] + cmd[1:-2] + ["keras_lstm.h5", os.path.basename(dest)])


def tfjs_predict(node_dir, model_dir, cases):
    req = {"inputs": [{"shape": list(x.shape), "data": floats(x)} for _, x in cases]}
    inp = os.path.join(model_dir, "_inputs.json")
    outp = os.path.join(model_dir, "_outputs.json")
    with open(inp, "w") as f:
        json.dump(req, f)
    try:
        subprocess.run(["node", os.path.join(node_dir, "predict.js"), model_dir, inp, outp], check=True)
        with open(outp) as f:
            res = json.load(f)
    finally:
        for p in (inp, outp):
            if os.path.exists(p):
                os.remove(p)
    assert res["tfjsVersion"] == "4.22.0", res["tfjsVersion"]
    return [np.asarray(o["data"], dtype=np.float32).reshape(o["shape"]) for o in res["outputs"]]


def write_cases(dest, name, desc, producer, cases, outputs):
    doc = {
        "fixture": name, "description": desc, "producer": producer, "model": "model.json",
        "tolerance": {"rtol": 1e-5, "atol": 1e-6}, "inputNames": ["x"], "outputNames": ["dense"],
        "cases": [{"name": cn,
                   "inputs": [{"name": "x", "shape": list(x.shape), "dtype": "float32", "data": floats(x)}],
                   "outputs": [{"name": "dense", "shape": list(y.shape), "dtype": "float32", "data": floats(y)}]}
                  for (cn, x), y in zip(cases, outputs)],
    }
    with open(os.path.join(dest, "cases.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--node-dir", required=True, help="src/test/interop/tfjs with node_modules (npm ci)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    model = build()
    h5 = os.path.join(args.out, "keras_lstm.h5")
    model.save(h5)
    cases = inputs()
    keras_out = [model(x, training=False).numpy() for _, x in cases]
    versions = {"tf-keras": keras.__version__, "tensorflow": tf.__version__, "tensorflowjs": tensorflowjs.__version__,
                "script": "io-keras/src/test/fixtures-gen/tfjs-converter/gen_tfjs_converter.py"}
    variants = [
        ("sharded", ["--weight_shard_size_bytes", "400"], False,
         "converter output of keras_lstm.h5 with 400-byte weight shards; outputs of the original Keras model"),
        ("quantized_uint8_float16", ["--quantize_uint8", "lstm*", "--quantize_float16", "dense*"], True,
         "converter output with uint8-quantised LSTM weights and float16 Dense weights; outputs of TF.js 4.22.0"),
        ("quantized_uint16", ["--quantize_uint16", "*"], True,
         "converter output with every weight uint16-quantised; outputs of TF.js 4.22.0"),
    ]
    for name, flags, quantized, desc in variants:
        dest = os.path.join(args.out, name)
        command = convert(h5, dest, flags)
        tfjs_out = tfjs_predict(args.node_dir, dest, cases)
        diff = max(float(np.max(np.abs(a - b))) for a, b in zip(tfjs_out, keras_out))
        producer = dict(versions, converterCommand=command, tfjsVsKerasMaxAbsDiff=diff)
        if quantized:
            producer.update(tool="TensorFlow.js", version="4.22.0", backend="cpu")
            write_cases(dest, name, desc, producer, cases, tfjs_out)
        else:
            producer.update(tool="tf-keras", version=keras.__version__)
            write_cases(dest, name, desc, producer, cases, keras_out)
        shards = sorted(f for f in os.listdir(dest) if f.endswith(".bin"))
        print(name, "shards", shards, "tfjs vs keras max abs diff", diff)
    with open(os.path.join(args.out, "keras_lstm.cases.json"), "w") as f:
        json.dump({"fixture": "keras_lstm", "model": "keras_lstm.h5", "producer": dict(versions, tool="tf-keras"),
                   "tolerance": {"rtol": 1e-5, "atol": 1e-6},
                   "cases": [{"name": cn, "inputs": [{"name": "x", "shape": list(x.shape), "data": floats(x)}],
                              "outputs": [{"name": "dense", "shape": list(y.shape), "data": floats(y)}]}
                             for (cn, x), y in zip(cases, keras_out)]}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
