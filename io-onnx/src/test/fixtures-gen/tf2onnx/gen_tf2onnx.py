"""Keras LSTM models converted to ONNX by the real tf2onnx (pinned in requirements.txt).

Each model is a tf.keras (tf-keras 2.18, legacy Keras 2 API) Sequential whose weights are set to
deterministic asymmetric values (different per weight, gate and unit). The model's call is wrapped in a
tf.function with a dynamic batch dimension and converted with ``tf2onnx.convert.from_function`` at the
given opset; tf2onnx rewrites the Keras LSTM while-loop into an ONNX ``LSTM`` node surrounded by its own
Transpose / Squeeze / Unsqueeze / Shape plumbing. ``cases.json`` holds the Keras model's own outputs
(``model(x, training=False)`` in float32) in the schema of shared/fixtures/README.md section 1, plus the
list of ONNX ops in the converted graph and ONNX Runtime's agreement with Keras (as a sanity check only).

usage: python gen_tf2onnx.py --out ../../resources/tf2onnx
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


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    for name, model, opset, in_shape, desc in models():
        set_weights(model)
        spec = (tf.TensorSpec((None,) + in_shape, tf.float32, name="x"),)

        @tf.function(input_signature=spec)
        def fn(x):
            return {"y": model(x, training=False)}

        dest = os.path.join(args.out, name)
        os.makedirs(dest, exist_ok=True)
        path = os.path.join(dest, "model.onnx")
        proto, _ = tf2onnx.convert.from_function(fn, input_signature=spec, opset=opset, output_path=path)
        onnx.checker.check_model(proto)
        in_name = proto.graph.input[0].name
        out_name = proto.graph.output[0].name
        sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        cases = []
        worst = 0.0
        for batch in (1, 3):
            n = batch * int(np.prod(in_shape))
            x = (1.5 * np.sin(0.53 * np.arange(n) + 0.2 * batch)).astype(np.float32).reshape((batch,) + in_shape)
            y = model(x, training=False).numpy()
            (ort_y,) = sess.run([out_name], {in_name: x})
            worst = max(worst, float(np.max(np.abs(ort_y - y))))
            cases.append({"name": f"batch{batch}",
                          "inputs": [{"name": in_name, "shape": list(x.shape), "dtype": "float32", "data": floats(x)}],
                          "outputs": [{"name": out_name, "shape": list(y.shape), "dtype": "float32", "data": floats(y)}]})
        doc = {
            "fixture": name,
            "description": desc + "; Keras model converted by tf2onnx.convert.from_function",
            "producer": {"tool": "tf-keras", "version": keras.__version__, "tensorflow": tf.__version__,
                         "converter": "tf2onnx", "converterVersion": tf2onnx.__version__, "onnx": onnx.__version__,
                         "opset": opset, "onnxruntimeMaxAbsDiff": worst,
                         "script": "io-onnx/src/test/fixtures-gen/tf2onnx/gen_tf2onnx.py"},
            "model": "model.onnx",
            "tolerance": {"rtol": 1e-5, "atol": 1e-6},
            "inputNames": [in_name], "outputNames": [out_name],
            "onnxOps": sorted({n.op_type for n in proto.graph.node}),
            "cases": cases,
        }
        with open(os.path.join(dest, "cases.json"), "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
        print(name, "ops", doc["onnxOps"], "ort max abs diff", worst)


if __name__ == "__main__":
    main()
