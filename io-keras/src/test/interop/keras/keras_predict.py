#!/usr/bin/env python3
"""Live interop helper for io-keras: loads a model file with the REAL Keras and predicts.

    python keras_predict.py --dialect tfkeras2|keras3 --model M.h5|M.keras [--weights W.h5] \
        [--register layers.py] --input in.json --output out.json

--dialect tfkeras2 uses tf-keras (Keras 2 API), keras3 uses Keras 3 with the TensorFlow backend.
With --weights, the model is loaded from --model and then its weights are replaced by
model.load_weights(W) (after zeroing them, so the weights file must really provide them).
in.json: {"shape": [...], "data": [...]}; out.json gets the prediction in the same form, plus
"compiled" (whether load_model restored an optimizer) and the Keras version.
With --register, the Python file's define(k) registers custom layer classes before loading.
Exit status 0 on success; any Keras error propagates (non-zero exit, traceback on stderr).
"""
import argparse
import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")

import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dialect", choices=["tfkeras2", "keras3"], required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--weights")
    ap.add_argument("--register")
    ap.add_argument("--input", required=True)
    ap.add_argument("--output", required=True)
    args = ap.parse_args()
    if args.dialect == "tfkeras2":
        import tf_keras as k
    else:
        os.environ["KERAS_BACKEND"] = "tensorflow"
        import keras as k
    if args.register:
        import importlib.util
        spec = importlib.util.spec_from_file_location("registered_layers", args.register)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.define(k)
    model = k.models.load_model(args.model)
    if args.weights:
        model.set_weights([np.zeros_like(w) for w in model.get_weights()])
        model.load_weights(args.weights)
    with open(args.input) as f:
        x = json.load(f)
    xs = np.asarray(x["data"], dtype=np.float32).reshape(x["shape"])
    y = np.asarray(model.predict(xs, verbose=0), dtype=np.float32)
    optimizer = getattr(model, "optimizer", None)
    out = {"shape": list(y.shape), "data": [float(v) for v in y.ravel()], "keras": k.__version__,
           "compiled": bool(getattr(model, "compiled", False) or getattr(model, "_is_compiled", False)),
           "optimizer": type(optimizer).__name__ if optimizer is not None else None}
    with open(args.output, "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
