"""Keras LSTM models converted to ONNX by the real tf2onnx (pinned in requirements.txt).

Each model is a tf.keras (tf-keras 2.18, legacy Keras 2 API) Sequential whose weights are set to
deterministic asymmetric values (different per weight, gate and unit). The model's call is wrapped in a
tf.function with a dynamic batch dimension and converted with ``tf2onnx.convert.from_function`` at the
given opset; tf2onnx rewrites the Keras LSTM while-loop into an ONNX ``LSTM`` node surrounded by its own
Transpose / Squeeze / Unsqueeze / Shape plumbing. ``cases.json`` holds the Keras model's own outputs
(``model(x, training=False)`` in float32) in the schema of shared/fixtures/README.md section 1, plus the
list of ONNX ops in the converted graph and ONNX Runtime's agreement with Keras (as a sanity check only).

The interop corpus (issue 12): every entry of io-keras/src/test/fixtures-gen/keras/corpus_table.py (the same table
gen_keras.py writes as .h5/.keras) is built here with tf-keras, given gen_keras.ramp_weights's weights and converted
too, at opsets 13, 15 and 17 in turn. Entries tf2onnx cannot convert are listed in ``corpus-skipped.json`` with
tf2onnx's error. ``--only`` regenerates a comma-separated subset.

usage: python gen_tf2onnx.py --out ../../resources/tf2onnx [--only name1,name2] [--corpus-only]
"""
import argparse
import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import onnxruntime as ort  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf2onnx  # noqa: E402
import tf_keras as keras  # noqa: E402
import sys  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../../io-keras/src/test/fixtures-gen/keras"))
import corpus_table  # noqa: E402
import gen_keras  # noqa: E402


def det(shape, salt):
    n = int(np.prod(shape))
    i = np.arange(n, dtype=np.float64)
    return (0.45 * np.sin(0.731 * i + 0.29 * salt + 0.1) + 0.05 * np.cos(1.37 * i * (salt + 1))).astype(
        np.float32).reshape(shape)


def set_weights(model):
    for li, layer in enumerate(model.layers):
        layer.set_weights([det(w.shape, 10 * li + wi + 1) for wi, w in enumerate(layer.get_weights())])


def models():
    m1 = keras.Sequential(name="lstm_dense")
    m1.add(keras.layers.InputLayer(input_shape=(5, 3), name="x"))
    m1.add(keras.layers.LSTM(6, name="lstm"))
    m1.add(keras.layers.Dense(2, name="dense"))
    yield "keras_lstm_dense", m1, 13, (5, 3), "LSTM(6) -> Dense(2), tanh/sigmoid, opset 13"

    m2 = keras.Sequential(name="lstm_seq_dense")
    m2.add(keras.layers.InputLayer(input_shape=(4, 2), name="x"))
    m2.add(keras.layers.LSTM(5, return_sequences=True, name="lstm"))
    m2.add(keras.layers.LSTM(3, name="lstm_1"))
    m2.add(keras.layers.Dense(4, activation="softmax", name="dense"))
    yield "keras_lstm2_softmax", m2, 15, (4, 2), "LSTM(5, return_sequences) -> LSTM(3) -> Dense(4, softmax), opset 15"

    m3 = keras.Sequential(name="conv2d_dense")
    m3.add(keras.layers.InputLayer(input_shape=(9, 8, 2), name="x"))
    m3.add(keras.layers.Conv2D(4, (3, 2), strides=(2, 1), padding="same", activation="relu", name="conv2d"))
    m3.add(keras.layers.Conv2D(3, 3, dilation_rate=(1, 2), activation="tanh", use_bias=False, name="conv2d_1"))
    m3.add(keras.layers.Conv2D(2, 1, name="conv2d_2"))
    m3.add(keras.layers.Flatten(name="flatten"))
    m3.add(keras.layers.Dense(2, name="dense"))
    yield ("keras_conv2d", m3, 17, (9, 8, 2), "Conv2D(4, (3, 2), strides (2, 1), same, relu) -> Conv2D(3, 3, dilation "
           "(1, 2), tanh, no bias) -> Conv2D(2, 1) -> Flatten -> Dense(2), channels-last input [9, 8, 2], opset 17")


    # issue 18, ONNX -> layer import of image ops (ImageImportFixturesTest)
    m4 = keras.Sequential(name="upsampling2d")
    m4.add(keras.layers.InputLayer(input_shape=(4, 5, 2), name="x"))
    m4.add(keras.layers.Conv2D(3, 2, padding="same", activation="relu", name="conv2d"))
    m4.add(keras.layers.UpSampling2D((2, 3), name="up_sampling2d"))
    m4.add(keras.layers.Conv2D(2, 1, name="conv2d_1"))
    yield ("keras_upsampling2d", m4, 13, (4, 5, 2), "Conv2D(3, 2, same, relu) -> UpSampling2D((2, 3)) -> Conv2D(2, 1), "
           "channels-last input [4, 5, 2], opset 13")

    m5 = keras.Sequential(name="resizing")
    m5.add(keras.layers.InputLayer(input_shape=(4, 5, 2), name="x"))
    m5.add(keras.layers.Resizing(7, 9, name="resizing"))
    m5.add(keras.layers.Resizing(6, 11, interpolation="nearest", name="resizing_1"))
    m5.add(keras.layers.Conv2D(2, 1, name="conv2d"))
    yield ("keras_resizing", m5, 17, (4, 5, 2), "Resizing(7, 9) bilinear -> Resizing(6, 11, nearest) -> Conv2D(2, 1), "
           "channels-last input [4, 5, 2], opset 17")

    m6 = keras.Sequential(name="conv3d")
    m6.add(keras.layers.InputLayer(input_shape=(4, 5, 6, 2), name="x"))
    m6.add(keras.layers.Conv3D(3, (2, 3, 2), strides=(1, 2, 1), padding="same", activation="relu", name="conv3d"))
    m6.add(keras.layers.Conv3D(2, 1, use_bias=False, name="conv3d_1"))
    m6.add(keras.layers.Flatten(name="flatten"))
    m6.add(keras.layers.Dense(2, name="dense"))
    yield ("keras_conv3d", m6, 13, (4, 5, 6, 2), "Conv3D(3, (2, 3, 2), strides (1, 2, 1), same, relu) -> Conv3D(2, 1, "
           "no bias) -> Flatten -> Dense(2), channels-last input [4, 5, 6, 2], opset 13")

    m7 = keras.Sequential(name="conv1d_transpose")
    m7.add(keras.layers.InputLayer(input_shape=(5, 3), name="x"))
    m7.add(keras.layers.Conv1DTranspose(4, 3, strides=2, padding="same", activation="relu", name="conv1d_transpose"))
    m7.add(keras.layers.Conv1DTranspose(3, 2, dilation_rate=2, use_bias=False, name="conv1d_transpose_1"))
    m7.add(keras.layers.Conv1DTranspose(2, 3, strides=2, output_padding=1, name="conv1d_transpose_2"))
    m7.add(keras.layers.Flatten(name="flatten"))
    m7.add(keras.layers.Dense(2, name="dense"))
    yield ("keras_conv1d_transpose", m7, 13, (5, 3), "Conv1DTranspose(4, 3, strides 2, same, relu) -> "
           "Conv1DTranspose(3, 2, dilation 2, no bias) -> Conv1DTranspose(2, 3, strides 2, output_padding 1) -> Flatten "
           "-> Dense(2), input [5, 3], opset 13")
    m8 = keras.Sequential(name="group_normalization")
    m8.add(keras.layers.InputLayer(input_shape=(6, 4), name="x"))
    m8.add(keras.layers.GroupNormalization(2, epsilon=1e-2, name="group_normalization"))
    m8.add(keras.layers.Dense(6, name="dense"))
    m8.add(keras.layers.GroupNormalization(3, name="group_normalization_1"))
    m8.add(keras.layers.Flatten(name="flatten"))
    m8.add(keras.layers.Dense(2, name="dense_1"))
    yield ("keras_group_normalization", m8, 17, (6, 4), "GroupNormalization(2, epsilon 0.01) -> Dense(6) -> "
           "GroupNormalization(3) -> Flatten -> Dense(2), input [6, 4], opset 17")


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]


def convert(name, model, opset, inputs, desc, kind, dest_root, batches):
    """Converts one model and writes model.onnx + cases.json; inputs is [(name, per-sample shape)]."""
    dtype = tf.int32 if kind == "ids" else tf.float32
    fixed = batches[0] if len(batches) == 1 and batches[0] != 1 else None
    spec = tuple(tf.TensorSpec((fixed,) + tuple(shp), dtype, name=n) for n, shp in inputs)
    many_out = len(model.outputs) > 1

    @tf.function(input_signature=spec)
    def fn(*xs):
        y = model(list(xs) if len(xs) > 1 else xs[0], training=False)
        return {("y%d" % i if many_out else "y"): t for i, t in enumerate(y if many_out else [y])}

    dest = os.path.join(dest_root, name)
    os.makedirs(dest, exist_ok=True)
    path = os.path.join(dest, "model.onnx")
    proto, _ = tf2onnx.convert.from_function(fn, input_signature=spec, opset=opset, output_path=path)
    onnx.checker.check_model(proto)
    in_names = [i.name for i in proto.graph.input]
    out_names = [o.name for o in proto.graph.output]
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    cases = []
    worst = 0.0
    for ci, batch in enumerate(batches):
        xs = [gen_keras.case_input({"input_kind": kind}, (batch,) + tuple(shp), ci + 1 + 5 * j, 1.0 + ci)
              for j, (_, shp) in enumerate(inputs)]
        if kind == "ids":
            xs = [x.astype(np.int32) for x in xs]
        ys = model(xs if len(xs) > 1 else xs[0], training=False)
        ys = [y.numpy() for y in (ys if many_out else [ys])]
        got = sess.run(out_names, dict(zip(in_names, xs)))
        # tf2onnx orders graph outputs by the dict key (y0, y1, ...)
        for y, g in zip(ys, got):
            worst = max(worst, float(np.max(np.abs(np.asarray(g) - y))))
        cases.append({"name": f"batch{batch}",
                      "inputs": [{"name": n, "shape": list(x.shape), "dtype": "int32" if kind == "ids" else "float32",
                                  "data": floats(x)} for n, x in zip(in_names, xs)],
                      "outputs": [{"name": n, "shape": list(y.shape), "dtype": "float32", "data": floats(y)}
                                  for n, y in zip(out_names, ys)]})
    ops = {}
    for n in proto.graph.node:
        ops[n.op_type] = ops.get(n.op_type, 0) + 1
    doc = {
        "fixture": name,
        "description": desc + "; Keras model converted by tf2onnx.convert.from_function",
        "producer": {"tool": "tf-keras", "version": keras.__version__, "tensorflow": tf.__version__,
                     "converter": "tf2onnx", "converterVersion": tf2onnx.__version__, "onnx": onnx.__version__,
                     "opset": opset, "onnxruntimeMaxAbsDiff": worst,
                     "script": "io-onnx/src/test/fixtures-gen/tf2onnx/gen_tf2onnx.py"},
        "model": "model.onnx",
        "tolerance": {"rtol": 1e-5, "atol": 1e-6},
        "inputNames": in_names, "outputNames": out_names,
        "onnxOps": sorted(ops),
        "onnxOpCounts": dict(sorted(ops.items())),
        "cases": cases,
    }
    with open(os.path.join(dest, "cases.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(name, "ops", doc["onnxOps"], "ort max abs diff", worst)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--only", default=None)
    ap.add_argument("--corpus-only", action="store_true", help="convert only the corpus table's entries")
    args = ap.parse_args()
    only = set(args.only.split(",")) if args.only else None
    for name, model, opset, in_shape, desc in models():
        if (only and name not in only) or args.corpus_only:
            continue
        set_weights(model)
        convert(name, model, opset, [("x", in_shape)], desc, None, args.out, (1, 3))
    skipped = {}
    for i, spec in enumerate(corpus_table.corpus(keras, "tfkeras2")):
        if only and spec["name"] not in only:
            continue
        model = spec["build"]()
        gen_keras.ramp_weights(model)
        inputs = spec.get("inputs") or [("x", spec["input_shape"])]
        batches = (spec["batches"],) if spec.get("batches") else (1, 3)
        try:
            convert(spec["name"], model, (13, 15, 17)[i % 3], inputs, spec["description"], spec.get("input_kind"),
                    args.out, batches)
        except Exception as e:  # tf2onnx or ONNX Runtime refused: record it, write nothing for this entry
            skipped[spec["name"]] = "%s: %s" % (type(e).__name__, str(e).splitlines()[0][:300])
            print("SKIPPED", spec["name"], skipped[spec["name"]])
    if not only:
        with open(os.path.join(args.out, "corpus-skipped.json"), "w") as f:
            json.dump(skipped, f, indent=1, sort_keys=True)
            f.write("\n")


if __name__ == "__main__":
    main()
