"""Keras 3 record for Engram's GRU(resetAfter=true) test (TF.js cannot build that cell).

Run with the pinned interpreter (Keras 3.10.0, TensorFlow backend, CPU):
    /work/main/io-keras/target/keras-venv/bin/python gen_gru_reset_after.py
Writes engine/src/test/resources/keras/gru_reset_after/record.json. Every expected number is computed by
Keras; the script only builds the model, feeds seeded data and records what Keras reports.
"""
import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
os.environ["KERAS_BACKEND"] = "tensorflow"

import numpy as np  # noqa: E402
import keras  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "resources", "keras", "gru_reset_after")


def t(a):
    a = np.asarray(a, dtype=np.float32)
    return {"shape": list(a.shape), "data": [float(v) for v in a.reshape(-1)]}


def main():
    keras.utils.set_random_seed(1234)
    rng = np.random.default_rng(4321)
    n, steps, feats, units = 6, 5, 3, 4
    x = rng.uniform(-1, 1, (n, steps, feats)).astype(np.float32)
    y = rng.uniform(-0.8, 0.8, (n, 2)).astype(np.float32)
    inp = keras.Input((steps, feats))
    gru = keras.layers.GRU(units, reset_after=True, return_sequences=True, go_backwards=True, name="gru")
    seq = gru(inp)
    last = keras.layers.GRU(3, reset_after=True, name="gru_last")(seq)
    out = keras.layers.Dense(2, name="dense")(last)
    model = keras.Model(inp, out)
    # Non-zero biases (both rows) so the input and recurrent biases are both exercised.
    for layer in model.layers[1:]:
        ws = layer.get_weights()
        ws[-1] = rng.uniform(-0.5, 0.5, ws[-1].shape).astype(np.float32)
        layer.set_weights(ws)
    initial = [w.copy() for w in model.get_weights()]
    seq_model = keras.Model(inp, seq)
    record = {
        "producer": {"tool": "Keras", "version": keras.__version__, "backend": keras.backend.backend()},
        "description": "GRU(4, reset_after=True, return_sequences=True, go_backwards=True) -> GRU(3, reset_after=True) -> "
        + "Dense(2); Keras defaults: tanh, recurrent_activation sigmoid, bias [2, 3u] (input row, recurrent row), "
        + "blocks z, r, h. One SGD(0.1) step on MSE over the whole batch (batch_size = n, shuffle False).",
        "x": t(x),
        "y": t(y),
        "initialWeights": [t(w) for w in initial],
        "gruSequence": t(seq_model.predict(x, verbose=0)),
        "output": t(model.predict(x, verbose=0)),
        "tolerance": {"rtol": 1e-5, "atol": 1e-6},
    }
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    hist = model.fit(x, y, batch_size=n, epochs=1, shuffle=False, verbose=0)
    record["loss"] = float(hist.history["loss"][0])
    record["weightsAfterOneStep"] = [t(w) for w in model.get_weights()]
    record["trainingTolerance"] = {"rtol": 1e-4, "atol": 1e-5}
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "record.json"), "w") as f:
        json.dump(record, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
