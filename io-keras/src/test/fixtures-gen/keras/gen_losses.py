"""Loss fixtures for io-keras: training step for step with every Keras loss Engram reads, with the real
tf-keras 2.18 / Keras 3.10 (pinned venv, see README.md).

For each loss, a Dense(4, tanh) -> Dense(3, <activation the loss expects>) model with deterministic weights is
compiled with the loss and SGD(0.1) (mape: 0.001), saved untrained (tfkeras2: NAME.h5; keras3: NAME.keras), trained 2 epochs
(batch 4, no shuffle) on 8 deterministic samples, and NAME.expected.json records Keras's per-epoch losses and
the weights after (in model.get_weights() order, which is Engram's getWeights() order for this model).

Usage:
  python gen_losses.py --dialect tfkeras2 --out ../../resources/keras/losses
  python gen_losses.py --dialect keras3   --out ../../resources/keras/losses
"""
import argparse
import json
import os

import numpy as np

# name -> (output activation, target kind); SGD(0.1), except mape's percentages, whose gradients are ~100x
LOSSES = {
    "mean_absolute_percentage_error": ("linear", "positive"),
    "mean_squared_logarithmic_error": ("softplus", "positive"),
    "log_cosh": ("linear", "signed"),
    "poisson": ("softplus", "positive"),
    "hinge": ("tanh", "binary"),            # 0/1 labels: Keras converts them to -1/1
    "squared_hinge": ("tanh", "plus_minus"),
    "categorical_hinge": ("linear", "one_hot"),
    "kl_divergence": ("softmax", "soft"),
    "cosine_similarity": ("linear", "signed"),
}


def data(kind):
    i = np.arange(24, dtype=np.float32)
    x = (1.3 * np.sin(0.71 * i) + 0.4 * np.cos(0.23 * i)).reshape(8, 3).astype(np.float32)
    base = (np.sin(1.37 * i + 0.5)).reshape(8, 3).astype(np.float32)
    if kind == "positive":
        y = np.abs(base) + 0.3
    elif kind == "signed":
        y = base
    elif kind == "binary":
        y = (base > 0).astype(np.float32)
    elif kind == "plus_minus":
        y = np.where(base > 0, 1.0, -1.0).astype(np.float32)
    elif kind == "one_hot":
        y = np.eye(3, dtype=np.float32)[np.argmax(base, axis=1)]
    else:  # soft targets with an exact zero in each row (where TF.js's and Keras's KL weights differ)
        y = np.abs(base)
        y[np.arange(8), np.argmin(y, axis=1)] = 0
        y = y / y.sum(axis=1, keepdims=True)
    return x, y.astype(np.float32)


def import_keras(dialect):
    if dialect == "tfkeras2":
        os.environ["TF_USE_LEGACY_KERAS"] = "1"
        import tf_keras as keras
    else:
        import keras
    return keras


def build(keras, activation):
    m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="tanh", name="dense"),
                          keras.layers.Dense(3, activation=activation, name="dense_1")], name="sequential")
    for k, w in enumerate(m.weights):
        n = int(np.prod(w.shape))
        w.assign((0.5 * np.sin(0.7 * np.arange(n) + k)).reshape(tuple(w.shape)).astype(np.float32))
    return m


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dialect", choices=["tfkeras2", "keras3"], required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--only", default=None, help="comma-separated loss names")
    args = p.parse_args()
    keras = import_keras(args.dialect)
    os.makedirs(args.out, exist_ok=True)
    ext = ".keras" if args.dialect == "keras3" else ".h5"
    for name, (activation, kind) in LOSSES.items():
        if args.only and name not in args.only.split(","):
            continue
        m = build(keras, activation)
        m.compile(loss=name, optimizer=keras.optimizers.SGD(0.001 if name == "mean_absolute_percentage_error" else 0.1))
        base = os.path.join(args.out, args.dialect + "_" + name)
        m.save(base + ext)
        x, y = data(kind)
        hist = m.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
        with open(base + ".expected.json", "w") as f:
            json.dump({"loss": name, "x": x.ravel().tolist(), "y": y.ravel().tolist(),
                       "losses": [float(v) for v in hist.history["loss"]],
                       "weightsAfter": [np.asarray(w).astype(np.float64).ravel().tolist() for w in m.get_weights()],
                       "producer": {"keras": keras.__version__, "script": "gen_losses.py"}}, f)
        print(name, hist.history["loss"])


if __name__ == "__main__":
    main()
