"""Optimizer-state fixtures and live resume for io-keras (issue 15), with the real tf-keras 2.18 / Keras 3.10.

gen:    for each optimizer, a Dense(4)->Dense(1) model with deterministic weights is trained K epochs
        (batch 2, no shuffle) in Keras and saved with its optimizer (tfkeras2: NAME.h5 with
        optimizer_weights; keras3: NAME.keras with optimizer variables); then Keras trains K more epochs
        and NAME.expected.json records the iteration count at save and the weights after 2K epochs.
resume: loads model files (e.g. written by Engram), reports each optimizer's iterations, trains K
        epochs on the same data and writes the weights as JSON (one Python start for many files).

Usage (pinned venv, see README.md):
  python gen_optimizer_state.py gen --dialect tfkeras2 --out ../../resources/keras/optimizer-state
  python gen_optimizer_state.py gen --dialect keras3   --out ../../resources/keras/optimizer-state
  python gen_optimizer_state.py gen --dialect keras3 --only rmsprop --out ...   # a subset
  python gen_optimizer_state.py resume --dialect keras3 --models a.keras,b.keras --output w.json
"""
import argparse
import json
import os
import sys

import numpy as np

EPOCHS = 3  # K: 2 steps per epoch, so the saved iteration count is 6


def data():
    i = np.arange(12, dtype=np.float32)
    x = (1.3 * np.sin(0.71 * i) + 0.4 * np.cos(0.23 * i)).reshape(4, 3).astype(np.float32)
    y = np.array([[1.0], [-1.0], [0.5], [0.0]], dtype=np.float32)
    return x, y


def optimizers(keras):
    o = keras.optimizers
    return {
        "sgd": lambda: o.SGD(0.05),  # tf-keras keeps an "m" slot even without momentum
        "sgd_momentum": lambda: o.SGD(0.05, momentum=0.9),
        "sgd_nesterov": lambda: o.SGD(0.05, momentum=0.9, nesterov=True),
        "adam": lambda: o.Adam(0.01),
        "adamw": lambda: o.AdamW(0.01, weight_decay=0.05),
        "adagrad": lambda: o.Adagrad(0.1),
        "adamax": lambda: o.Adamax(0.01),
        "nadam": lambda: o.Nadam(0.01),
        "rmsprop": lambda: o.RMSprop(0.01),
        "rmsprop_centered_momentum": lambda: o.RMSprop(0.01, rho=0.8, momentum=0.5, epsilon=1e-6, centered=True),
    }


def import_keras(dialect):
    if dialect == "tfkeras2":
        os.environ["TF_USE_LEGACY_KERAS"] = "1"
        import tf_keras as keras
    else:
        import keras
    return keras


def build(keras, dialect):
    if dialect == "tfkeras2":
        first = keras.layers.Dense(4, input_shape=(3,), name="dense")
        m = keras.Sequential([first, keras.layers.Dense(1, name="dense_1")], name="sequential")
    else:
        m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, name="dense"),
                              keras.layers.Dense(1, name="dense_1")], name="sequential")
    for k, w in enumerate(m.weights):
        n = int(np.prod(w.shape))
        w.assign((0.5 * np.sin(0.7 * np.arange(n) + k)).reshape(tuple(w.shape)).astype(np.float32))
    return m


def fit(m, epochs):
    x, y = data()
    m.fit(x, y, batch_size=2, epochs=epochs, shuffle=False, verbose=0)


def weights(m):
    return [np.asarray(w).astype(np.float64).ravel().tolist() for w in m.get_weights()]


def gen(args):
    keras = import_keras(args.dialect)
    ext = ".h5" if args.dialect == "tfkeras2" else ".keras"
    os.makedirs(args.out, exist_ok=True)
    only = set(args.only.split(",")) if args.only else None
    for name, make in optimizers(keras).items():
        if only is not None and name not in only:
            continue
        m = build(keras, args.dialect)
        m.compile(make(), "mse")
        fit(m, EPOCHS)
        path = os.path.join(args.out, args.dialect + "_" + name + ext)
        m.save(path)
        saved_at = int(np.asarray(m.optimizer.iterations))
        fit(m, EPOCHS)
        expected = {"dialect": args.dialect, "optimizer": name, "epochs": EPOCHS, "batchSize": 2,
                    "iterationsAtSave": saved_at, "iterationsAfter": int(np.asarray(m.optimizer.iterations)),
                    "weightsAfter": weights(m), "x": data()[0].ravel().tolist(), "y": data()[1].ravel().tolist(),
                    "versions": {"keras": keras.__version__, "numpy": np.__version__}}
        with open(os.path.join(args.out, args.dialect + "_" + name + ".expected.json"), "w") as f:
            json.dump(expected, f)
        print(name, saved_at, file=sys.stderr)


def resume(args):
    keras = import_keras(args.dialect)
    out = {}
    for path in args.models.split(","):
        m = keras.models.load_model(path)
        loaded_at = int(np.asarray(m.optimizer.iterations))
        fit(m, EPOCHS)
        out[path] = {"iterationsAtLoad": loaded_at, "iterationsAfter": int(np.asarray(m.optimizer.iterations)),
                     "optimizer": type(m.optimizer).__name__, "weightsAfter": weights(m)}
    with open(args.output, "w") as f:
        json.dump(out, f)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["gen", "resume"])
    p.add_argument("--dialect", choices=["tfkeras2", "keras3"], required=True)
    p.add_argument("--out")
    p.add_argument("--models")
    p.add_argument("--output")
    p.add_argument("--only", help="comma-separated optimizer names to generate (default: all)")
    args = p.parse_args()
    gen(args) if args.mode == "gen" else resume(args)


if __name__ == "__main__":
    main()
