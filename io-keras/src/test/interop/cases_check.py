#!/usr/bin/env python3
"""Live check of `engram convert` output in a real reader: loads MODEL in READER and compares its
predictions with the expected outputs of a peer-made cases.json (shared/fixtures/README.md section 1).

    python cases_check.py --reader tfkeras2|keras3|tfjs --model M --cases cases.json [--refused TEXT]

tfkeras2 = tf-keras 2.18, keras3 = Keras 3.10 (TensorFlow backend), tfjs = TF.js 4.22 in Node (M is the
model directory; run with the io-keras venv's python, node and the interop/tfjs node_modules). With
--refused, the reader must fail to load the model with TEXT in its error instead (a file that reader must
not run). Exit 0 when every output element satisfies |got - exp| <= atol + rtol*|exp|.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")
HERE = os.path.dirname(os.path.abspath(__file__))

import numpy as np


_MODELS = {}


def predict_keras(reader, model_path, inputs):
    if model_path not in _MODELS:
        if reader == "tfkeras2":
            import tf_keras as k
        else:
            os.environ["KERAS_BACKEND"] = "tensorflow"
            import keras as k
        _MODELS[model_path] = k.models.load_model(model_path, compile=False)
    model = _MODELS[model_path]
    xs = [np.asarray(t["data"], dtype=np.float32).reshape(t["shape"]) for t in inputs]
    ys = model.predict(xs if len(xs) > 1 else xs[0], verbose=0)
    ys = ys if isinstance(ys, list) else [ys]
    return [np.asarray(y, dtype=np.float32) for y in ys]


def predict_tfjs(model_dir, inputs):
    with tempfile.TemporaryDirectory() as tmp:
        req = os.path.join(tmp, "in.json")
        out = os.path.join(tmp, "out.json")
        with open(req, "w") as f:
            json.dump({"inputs": [{"shape": t["shape"], "data": t["data"]} for t in inputs]}, f)
        subprocess.run(["node", os.path.join(HERE, "tfjs", "predict_graph.js"), model_dir, req, out], check=True)
        with open(out) as f:
            return [np.asarray(t["data"], dtype=np.float32).reshape(t["shape"]) for t in json.load(f)["outputs"]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reader", choices=["tfkeras2", "keras3", "tfjs"], required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--cases", required=True)
    ap.add_argument("--refused")
    args = ap.parse_args()
    with open(args.cases) as f:
        cases = json.load(f)
    tol = cases.get("tolerance", {})
    rtol, atol = tol.get("rtol", 1e-5), tol.get("atol", 1e-6)
    worst = 0.0
    for case in cases["cases"]:
        try:
            got = predict_tfjs(args.model, case["inputs"]) if args.reader == "tfjs" \
                else predict_keras(args.reader, args.model, case["inputs"])
        except Exception as e:  # the reader refused the file
            if args.refused and args.refused in str(e):
                print(f"{args.reader} refuses {os.path.basename(args.model)} as expected: {str(e)[:120]}")
                return 0
            raise
        if args.refused:
            print(f"{args.reader} loaded {args.model}, which it must refuse", file=sys.stderr)
            return 1
        for exp, g in zip(case["outputs"], got):
            e = np.asarray(exp["data"], dtype=np.float32).reshape(exp["shape"])
            bad = np.abs(g - e) > atol + rtol * np.abs(e)
            if g.shape != e.shape or bad.any():
                print(f"{args.reader} {args.model} case {case['name']}: max |diff| {np.abs(g - e).max()}",
                      file=sys.stderr)
                return 1
            worst = max(worst, float(np.abs(g - e).max()))
    print(f"{args.reader} {os.path.basename(args.model)}: {len(cases['cases'])} case(s) match, max |diff| {worst:.3g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
