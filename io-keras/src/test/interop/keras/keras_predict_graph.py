#!/usr/bin/env python3
"""Live interop helper for io-keras, for models with several inputs and outputs (functional graphs):
loads a model file with the REAL Keras and runs one predict call on a list of inputs.

    python keras_predict_graph.py --dialect tfkeras2|keras3 --model M.h5|M.keras --input in.json --output out.json

in.json: {"inputs": [{"shape": [...], "data": [...]}, ...]} (one per model input);
out.json: {"outputs": [{"shape", "data"}, ...], "keras": version} (one per model output).
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
    ap.add_argument("--input", required=True)
    ap.add_argument("--output", required=True)
    args = ap.parse_args()
    if args.dialect == "tfkeras2":
        import tf_keras as k
    else:
        os.environ["KERAS_BACKEND"] = "tensorflow"
        import keras as k
    model = k.models.load_model(args.model)
    with open(args.input) as f:
        req = json.load(f)
    xs = [np.asarray(t["data"], dtype=np.float32).reshape(t["shape"]) for t in req["inputs"]]
    ys = model.predict(xs if len(xs) > 1 else xs[0], verbose=0)
    ys = ys if isinstance(ys, (list, tuple)) else [ys]
    out = {"outputs": [{"shape": list(np.shape(y)), "data": [float(v) for v in np.asarray(y, dtype=np.float32).ravel()]}
                       for y in ys], "keras": k.__version__}
    with open(args.output, "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
