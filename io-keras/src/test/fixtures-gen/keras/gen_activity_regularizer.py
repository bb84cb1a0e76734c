#!/usr/bin/env python3
"""Training-parity fixtures for activity regularizers, made with the REAL tf-keras 2.18 / Keras 3.10.

Run once per dialect, each in its own process (pinned venv, see README.md):

    python gen_activity_regularizer.py --dialect tfkeras2 --out ../../resources/keras/activity-regularizer
    python gen_activity_regularizer.py --dialect keras3   --out ../../resources/keras/activity-regularizer

Live mode (ActivityRegularizerInteropTest): Keras loads compiled model files (e.g. written by Engram), trains each
on the batches of a training.json as above and writes the losses and weights:

    python gen_activity_regularizer.py retrain --dialect keras3 --jobs jobs.json --output out.json
    (jobs.json: [{"model": path, "name": NAME, "training": path of NAME.training.json}, ...]; each model is
    compiled with NAME's optimizer and loss as generated)

For every model NAME it writes into <out>/<dialect>/:
    NAME.h5           model.save() before training, compiled (tf.keras 2 HDF5 / Keras 3 legacy HDF5)
    NAME.keras        the same model as a Keras 3 zip (keras3 only; Keras 3.10 leaves an untrained model's
                      optimizer out of its compile_config, so the test compiles it with the .h5's optimizer)
    NAME.training.json  the batches, then for each train_on_batch step the loss Keras reports, and every layer's
                        weights (layer.get_weights() order) after the last step

The batches have different sizes, so tf-keras's division of each output's penalty by the batch size and
Keras 3's plain sum give different losses and updates. Weights and inputs are deterministic
(gen_keras.ramp_weights / ramp_input).
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_keras import load_keras, ramp_input, ramp_weights  # noqa: E402

BATCHES = [4, 3, 5]  # rows per train_on_batch step


def models(k, dialect):
    """name -> (model, compile kwargs, input shape without batch, target shape without batch, integer ids?)."""
    L = k.layers
    reg = k.regularizers
    out = {}

    # The Keras autoencoder tutorial's sparse code layer: relu units under an L1 activity penalty.
    inp = k.Input((6,), name="pixels")
    code = L.Dense(4, activation="relu", activity_regularizer=reg.L1(0.05), name="code")(inp)
    dec = L.Dense(6, activation="sigmoid", name="decoded")(code)
    out["sparse_autoencoder"] = (k.Model(inp, dec, name="sparse_autoencoder"),
                                 dict(loss="mse", optimizer=k.optimizers.SGD(0.5)), (6,), (6,), False)

    # Every output of a layer counts: the LSTM's sequence and both states (h reaches the loss, c does not).
    inp = k.Input((5, 3), name="seq")
    seq, h, c = L.LSTM(3, return_sequences=True, return_state=True, name="lstm",
                       activity_regularizer=reg.L1L2(0.01, 0.02))(inp)
    conv = L.Conv1D(2, 2, activation="tanh", activity_regularizer=reg.L2(0.03), name="conv")(seq)
    pooled = L.GlobalAveragePooling1D(name="pool")(conv)
    both = L.Concatenate(name="concat")([pooled, h])
    y = L.Dense(1, name="head", activity_regularizer=reg.L1(0.02))(both)
    out["lstm_states_conv"] = (k.Model(inp, y, name="lstm_states_conv"),
                               dict(loss="mse", optimizer=k.optimizers.Adam(0.02)), (5, 3), (1,), False)

    # Masks do not exempt padded steps: the Embedding's output is penalised at id 0 too.
    model = k.Sequential([
        k.Input((6,), name="ids"),
        L.Embedding(10, 3, mask_zero=True, activity_regularizer=reg.L2(0.05), name="embed"),
        L.GRU(2, name="gru", activity_regularizer=reg.L1(0.01)),
        L.Dense(2, activation="softmax", name="probs"),
    ], name="masked_embedding")
    out["masked_embedding"] = (model, dict(loss="categorical_crossentropy",
                                           optimizer=k.optimizers.SGD(0.3, momentum=0.9)), (6,), (2,), True)

    # The ActivityRegularization layer: the identity whose output is penalised by L1L2(l1, l2).
    model = k.Sequential([
        k.Input((3,), name="features"),
        L.Dense(5, activation="tanh", name="hidden"),
        L.ActivityRegularization(l1=0.02, l2=0.05, name="penalty"),
        L.Dense(2, name="out"),
    ], name="activity_regularization_layer")
    out["activity_regularization_layer"] = (model, dict(loss="mse", optimizer=k.optimizers.RMSprop(0.01)), (3,),
                                            (2,), False)

    if dialect == "keras3":
        # Any layer takes the key: Keras 3's base get_config saves it on a pooling layer too (tf-keras's does not,
        # so a tf-keras file would lose it).
        inp = k.Input((5, 3), name="seq")
        conv = L.Conv1D(2, 2, activation="tanh", name="conv")(inp)
        pooled = L.GlobalAveragePooling1D(activity_regularizer=reg.L1(0.1), name="pool")(conv)
        y = L.Dense(1, name="head")(pooled)
        out["pooling_penalty"] = (k.Model(inp, y, name="pooling_penalty"),
                                  dict(loss="mse", optimizer=k.optimizers.SGD(0.2)), (5, 3), (1,), False)
    return out


def batch_data(name, in_shape, out_shape, ids, step, rows):
    seed = 17 * step + len(name)
    if ids:
        x = (np.abs(ramp_input((rows,) + in_shape, seed, 4.0)).astype(np.int64) % 9 + 1).astype(np.float32)
        for r in range(rows):
            x[r, in_shape[0] - 1 - (r % 3):] = 0  # trailing padding, different per row
    else:
        x = ramp_input((rows,) + in_shape, seed)
    if ids:
        y = np.zeros((rows,) + out_shape, dtype=np.float32)
        y[np.arange(rows), np.arange(rows) % out_shape[0]] = 1
    else:
        y = 0.5 + 0.4 * ramp_input((rows,) + out_shape, seed + 5, 0.5)
    return x.astype(np.float32), y.astype(np.float32)


def train(model, steps_json):
    """train_on_batch over the recorded batches; returns the losses and every layer's weights after."""
    losses = []
    for step in steps_json:
        # Keras 3's train_on_batch reports the running mean since the last reset (tf-keras resets by default).
        model.reset_metrics()
        loss = model.train_on_batch(np.asarray(step["x"], dtype=np.float32), np.asarray(step["y"], dtype=np.float32))
        losses.append(float(loss[0] if isinstance(loss, (list, tuple)) else loss))
    weights = {}
    for layer in model.layers:
        ws = layer.get_weights()
        if ws:
            weights[layer.name] = [np.asarray(w, dtype=np.float64).ravel().tolist() for w in ws]
    return losses, weights


def retrain(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--dialect", choices=["tfkeras2", "keras3"], required=True)
    ap.add_argument("--jobs", required=True)
    ap.add_argument("--output", required=True)
    args = ap.parse_args(argv)
    k, _ = load_keras(args.dialect)
    with open(args.jobs) as f:
        jobs = json.load(f)
    out = {}
    for job in jobs:
        with open(job["training"]) as f:
            fixture = json.load(f)
        try:
            # Compiled here with the generator's own optimizer, not the file's training_config: tf-keras 2.18
            # builds its legacy optimizers from a config without is_legacy_optimizer (Engram's Keras 2 writer
            # leaves it out), whose sparse-gradient momentum differs; this check is about the layers' penalties.
            model = k.models.load_model(job["model"], compile=False)
            # A fresh optimizer per file; eager, as tracing a step function per batch size costs seconds per file.
            model.compile(run_eagerly=True, **models(k, args.dialect)[job["name"]][1])
            losses, weights = train(model, fixture["steps"])
            out[job["model"]] = {"losses": losses, "weightsAfter": weights}
        except Exception as e:  # reported per file: the Java side names it
            out[job["model"]] = {"error": "%s: %s" % (type(e).__name__, e)}
    with open(args.output, "w") as f:
        json.dump(out, f)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "retrain":
        retrain(sys.argv[2:])
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--dialect", choices=["tfkeras2", "keras3"], required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--only", default=None, help="comma-separated model names to regenerate")
    args = ap.parse_args()
    k, tool = load_keras(args.dialect)
    folder = os.path.join(args.out, args.dialect)
    os.makedirs(folder, exist_ok=True)
    for name, (model, compile_kwargs, in_shape, out_shape, ids) in models(k, args.dialect).items():
        if args.only and name not in args.only.split(","):
            continue
        ramp_weights(model)
        model.compile(**compile_kwargs)
        files = {"h5": name + ".h5"}
        model.save(os.path.join(folder, name + ".h5"))
        if args.dialect == "keras3":
            files["keras"] = name + ".keras"
            model.save(os.path.join(folder, name + ".keras"))
        steps = []
        for s, rows in enumerate(BATCHES):
            x, y = batch_data(name, in_shape, out_shape, ids, s, rows)
            steps.append({"x": x.tolist(), "y": y.tolist()})
        losses, weights = train(model, steps)
        for step, loss in zip(steps, losses):
            step["loss"] = loss
        with open(os.path.join(folder, name + ".training.json"), "w") as f:
            json.dump({"generator": "gen_activity_regularizer.py", "tool": tool, "files": files,
                       "compile": {kk: (v if isinstance(v, str) else type(v).__name__)
                                   for kk, v in compile_kwargs.items()},
                       "steps": steps, "weightsAfter": weights}, f, indent=1)
        print(args.dialect, name, [round(s["loss"], 6) for s in steps])


if __name__ == "__main__":
    main()
