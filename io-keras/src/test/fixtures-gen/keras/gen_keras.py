#!/usr/bin/env python3
"""Generates the Keras golden fixtures for io-keras with the REAL Keras.

Run once per dialect, each in its own process (the two Keras packages must not share a process):

    python gen_keras.py --dialect tfkeras2 --out ../../resources/keras   # tf-keras 2 (Keras 2 API)
    python gen_keras.py --dialect keras3   --out ../../resources/keras   # Keras 3, TensorFlow backend

Writes, for every fixture NAME, into <out>/<dialect>/:
    NAME.h5          model.save(...h5)      (tf.keras 2 HDF5 / Keras 3 legacy HDF5)
    NAME.weights.h5  model.save_weights()   (both dialects: the Keras 3 layers/<name>/vars/N layout)
    NAME.legacy_weights.h5  model.save_weights(save_format="h5")  (tfkeras2 only: layer_names at the root)
    NAME.keras       Keras 3 zip             (keras3 dialect only)
    NAME.cases.json  inputs and model.predict() outputs, schema of shared/fixtures/README.md section 1,
                     plus "compile" (the loss/optimizer given to model.compile) and "layers".

Weights are deterministic and asymmetric (sin/cos of an index ramp, different per weight, gate and unit), so
gate-order and transpose bugs change the outputs. Inputs are deterministic too; re-running reproduces the files'
numbers (HDF5 bytes may differ by timestamps).
"""
import argparse
import json
import math
import os
import sys

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")


def load_keras(dialect):
    if dialect == "tfkeras2":
        import tf_keras as k
        import tensorflow as tf
        return k, {"tool": "tf-keras", "version": k.__version__, "backend": "tensorflow",
                   "tensorflow": tf.__version__}
    os.environ["KERAS_BACKEND"] = "tensorflow"
    import keras as k
    import tensorflow as tf
    return k, {"tool": "keras", "version": k.__version__, "backend": k.backend.backend(),
               "tensorflow": tf.__version__}


def ramp_weights(model):
    """Assigns every weight a distinct deterministic pattern (asymmetric per gate/unit)."""
    values = []
    for k, w in enumerate(model.weights):
        shape = tuple(int(d) for d in w.shape)
        n = int(np.prod(shape)) if shape else 1
        i = np.arange(n, dtype=np.float64)
        v = 0.55 * np.sin(0.61 * i + 1.3 * k + 0.25) + 0.2 * np.cos(0.17 * i * (k + 1)) + 0.03 * (k % 3)
        values.append(v.reshape(shape).astype(np.float32))
    model.set_weights(values)


def ramp_input(shape, seed, scale=1.0):
    n = int(np.prod(shape))
    i = np.arange(n, dtype=np.float64)
    v = scale * (np.sin(0.83 * i + 0.41 * seed) * 1.2 + 0.3 * np.cos(0.29 * i + seed))
    return v.reshape(shape).astype(np.float32)


def fixtures(k, dialect):
    L = k.layers
    opt = k.optimizers

    def seq(name, input_shape, layers):
        return k.Sequential([k.Input(shape=input_shape)] + layers, name=name)

    out = []
    out.append(dict(
        name="lstm_sigmoid_dense",
        description="LSTM(6, recurrent_activation sigmoid) -> Dense(2), input [5,3]; Adam with non-default hyper-parameters",
        input_shape=(5, 3),
        build=lambda: seq("lstm_sigmoid_dense", (5, 3), [
            L.LSTM(6, recurrent_activation="sigmoid", name="lstm"), L.Dense(2, name="dense")]),
        loss="mse",
        optimizer=lambda: opt.Adam(learning_rate=0.005, beta_1=0.85, beta_2=0.995, epsilon=1e-6),
        optimizer_desc={"class_name": "Adam", "learning_rate": 0.005, "beta_1": 0.85, "beta_2": 0.995, "epsilon": 1e-6}))
    out.append(dict(
        name="lstm_hard_sigmoid",
        description="LSTM(5, recurrent_activation hard_sigmoid) -> Dense(1, tanh), input [4,2]. hard_sigmoid is "
                    "0.2x+0.5 in tf.keras 2 and x/6+0.5 in Keras 3",
        input_shape=(4, 2),
        build=lambda: seq("lstm_hard_sigmoid", (4, 2), [
            L.LSTM(5, recurrent_activation="hard_sigmoid", name="lstm"), L.Dense(1, activation="tanh", name="dense")]),
        loss="mae",
        optimizer=lambda: opt.RMSprop(learning_rate=0.002, rho=0.8, epsilon=1e-6),
        optimizer_desc={"class_name": "RMSprop", "learning_rate": 0.002, "rho": 0.8, "epsilon": 1e-6}))
    out.append(dict(
        name="lstm_stacked_return_sequences",
        description="LSTM(6, return_sequences) -> LSTM(4) -> Dense(3, softmax), input [5,3]",
        input_shape=(5, 3),
        build=lambda: seq("lstm_stacked_return_sequences", (5, 3), [
            L.LSTM(6, return_sequences=True, name="lstm"), L.LSTM(4, name="lstm_1"),
            L.Dense(3, activation="softmax", name="dense")]),
        loss="categorical_crossentropy",
        optimizer=lambda: opt.SGD(learning_rate=0.03, momentum=0.5),
        optimizer_desc={"class_name": "SGD", "learning_rate": 0.03, "momentum": 0.5, "nesterov": False}))
    out.append(dict(
        name="lstm_go_backwards",
        description="LSTM(5, go_backwards) -> Dense(2, sigmoid), input [4,3]",
        input_shape=(4, 3),
        build=lambda: seq("lstm_go_backwards", (4, 3), [
            L.LSTM(5, go_backwards=True, name="lstm"), L.Dense(2, activation="sigmoid", name="dense")]),
        loss="binary_crossentropy",
        optimizer=lambda: opt.Adagrad(learning_rate=0.02, initial_accumulator_value=0.2),
        optimizer_desc={"class_name": "Adagrad", "learning_rate": 0.02, "initial_accumulator_value": 0.2}))
    out.append(dict(
        name="lstm_no_bias",
        description="LSTM(4, use_bias false, unit_forget_bias false, return_sequences) -> Dense(2, use_bias false) "
                    "per step, input [3,2]",
        input_shape=(3, 2),
        build=lambda: seq("lstm_no_bias", (3, 2), [
            L.LSTM(4, use_bias=False, unit_forget_bias=False, return_sequences=True, name="lstm"),
            L.Dense(2, use_bias=False, name="dense")]),
        loss=None))
    out.append(dict(
        name="lstm_dropout_dense",
        description="LSTM(6, unit_forget_bias) -> Dropout(0.3) -> Dense(4, relu) -> Dense(1), input [6,2]",
        input_shape=(6, 2),
        build=lambda: seq("lstm_dropout_dense", (6, 2), [
            L.LSTM(6, unit_forget_bias=True, name="lstm"), L.Dropout(0.3, name="dropout"),
            L.Dense(4, activation="relu", name="dense"), L.Dense(1, name="dense_1")]),
        loss="mse",
        optimizer=lambda: opt.Adam(learning_rate=0.01),
        optimizer_desc={"class_name": "Adam", "learning_rate": 0.01, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7}))
    out.append(dict(
        name="dense_activations",
        description="Dense(8 relu) -> Dense(7 elu) -> Dense(6 softplus) -> Dense(5 softsign) -> Dense(4 selu) "
                    "-> Dense(3 softmax), input [5]",
        input_shape=(5,),
        build=lambda: seq("dense_activations", (5,), [
            L.Dense(8, activation="relu", name="dense"), L.Dense(7, activation="elu", name="dense_1"),
            L.Dense(6, activation="softplus", name="dense_2"), L.Dense(5, activation="softsign", name="dense_3"),
            L.Dense(4, activation="selu", name="dense_4"), L.Dense(3, activation="softmax", name="dense_5")]),
        loss=None))

    def functional():
        x = k.Input(shape=(4, 3), name="input_1")
        h = L.LSTM(5, name="lstm")(x)
        y = L.Dense(2, name="dense")(h)
        return k.Model(x, y, name="functional_lstm_dense")
    out.append(dict(
        name="functional_lstm_dense",
        description="functional Model: Input [4,3] -> LSTM(5) -> Dense(2)",
        input_shape=(4, 3), build=functional, loss=None))

    if dialect == "tfkeras2":
        def many_layers():
            # Long names make layer_names exceed HDF5's 64 KiB attribute limit, so Keras splits it into
            # layer_names0..N (save_attributes_to_hdf5_group).
            layers = [L.LSTM(3, name="lstm")]
            for j in range(70):
                layers.append(L.Dropout(0.1, name="dropout_" + ("x" * 1000) + "_%d" % j))
            layers.append(L.Dense(1, name="dense"))
            return seq("chunked_layer_names", (2, 2), layers)
        out.append(dict(
            name="chunked_layer_names",
            description="LSTM(3) -> 70 x Dropout with 1000-char names -> Dense(1): layer_names split in chunks",
            input_shape=(2, 2), build=many_layers, loss=None, no_weights_file=True))
    return out


def cases_for(spec):
    shp = spec["input_shape"]
    return [
        ("single", (1,) + shp, 1, 1.0),
        ("batch4", (4,) + shp, 2, 1.0),
        ("large_values", (2,) + shp, 3, 4.0),
        ("zeros", (1,) + shp, 0, 0.0),
    ]


def tensor_json(name, arr):
    return {"name": name, "shape": list(arr.shape), "dtype": "float32",
            "data": [float(v) for v in arr.astype(np.float32).ravel()]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dialect", choices=["tfkeras2", "keras3"], required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--only", default=None)
    args = ap.parse_args()
    k, producer = load_keras(args.dialect)
    outdir = os.path.join(args.out, args.dialect)
    os.makedirs(outdir, exist_ok=True)
    for spec in fixtures(k, args.dialect):
        if args.only and spec["name"] != args.only:
            continue
        model = spec["build"]()
        ramp_weights(model)
        compile_desc = None
        if spec.get("loss"):
            model.compile(loss=spec["loss"], optimizer=spec["optimizer"]())
            compile_desc = {"loss": spec["loss"], "optimizer": spec["optimizer_desc"]}
        base = os.path.join(outdir, spec["name"])
        files = {}
        if args.dialect == "tfkeras2":
            model.save(base + ".h5", save_format="h5")
        else:
            model.save(base + ".h5")  # Keras 3 legacy HDF5
            model.save(base + ".keras")
            files["keras"] = spec["name"] + ".keras"
        files["h5"] = spec["name"] + ".h5"
        if not spec.get("no_weights_file"):
            # ".weights.h5" selects the Keras 3 weights layout (layers/<name>/vars/N) in both packages.
            model.save_weights(base + ".weights.h5")
            files["weights"] = spec["name"] + ".weights.h5"
            if args.dialect == "tfkeras2":
                # Any other ".h5" name gives the legacy HDF5 weights-only layout (layer_names at the root).
                model.save_weights(base + ".legacy_weights.h5", save_format="h5")
                files["legacyWeights"] = spec["name"] + ".legacy_weights.h5"
        cases = []
        for cname, shape, seed, scale in cases_for(spec):
            x = ramp_input(shape, seed, scale)
            y = np.asarray(model.predict(x, verbose=0))
            cases.append({"name": cname, "inputs": [tensor_json("input", x)],
                          "outputs": [tensor_json("output", y)]})
        doc = {
            "fixture": spec["name"],
            "description": spec["description"],
            "producer": producer,
            "dialect": args.dialect,
            "model": files["h5"],
            "files": files,
            "modelClass": type(model).__name__,
            "layers": [{"name": l.name, "className": type(l).__name__} for l in model.layers],
            "compile": compile_desc,
            "tolerance": {"rtol": 1e-5, "atol": 1e-6},
            "inputNames": ["input"], "outputNames": ["output"],
            "cases": cases,
        }
        with open(base + ".cases.json", "w") as f:
            json.dump(doc, f, indent=1)
        print("wrote", base, files, file=sys.stderr)


if __name__ == "__main__":
    main()
