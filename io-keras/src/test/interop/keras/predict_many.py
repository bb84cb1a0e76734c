#!/usr/bin/env python3
"""Batch form of keras_predict.py for the corpus round trip (issue 12): one process of one Keras dialect loads many
Engram-written files with the REAL Keras and predicts every case.

    python predict_many.py --dialect tfkeras2|keras3 --jobs jobs.json --output results.json

jobs.json: [{"name", "model", "cases": [{"inputs": [{"shape", "data"}, ...]}, ...]}, ...]
results.json: {"keras": version, "results": {name: {"outputs": [[{"shape", "data"}, ...] per case]} | {"error"}}}
A file the reader refuses gets {"error": "<type>: <message>"}: refusing is a correct outcome, computing other
numbers is not (the Java test compares).
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
    ap.add_argument("--jobs", required=True)
    ap.add_argument("--output", required=True)
    args = ap.parse_args()
    if args.dialect == "tfkeras2":
        import tf_keras as k
    else:
        os.environ["KERAS_BACKEND"] = "tensorflow"
        import keras as k
    with open(args.jobs) as f:
        jobs = json.load(f)
    results = {}
    for job in jobs:
        try:
            model = k.models.load_model(job["model"], compile=False)
            outs = []
            for case in job["cases"]:
                xs = [np.asarray(t["data"], dtype=np.float32).reshape(t["shape"]) for t in case["inputs"]]
                # an eager call, not predict(): the same numbers without tracing a tf.function per file
                ys = model(xs if len(xs) > 1 else xs[0], training=False)
                ys = [np.asarray(y) for y in (ys if isinstance(ys, (list, tuple)) else [ys])]
                outs.append([{"shape": list(np.shape(y)), "data": [float(v) for v in np.asarray(y, np.float32).ravel()]}
                             for y in ys])
            results[job["name"]] = {"outputs": outs}
        except Exception as e:  # noqa: BLE001 - a refusal by the reader is an outcome to report
            # the whole message (bounded): Keras nests the reason ("Unrecognized keyword arguments") in later lines
            results[job["name"]] = {"error": "%s: %s" % (type(e).__name__, str(e)[:20000])}
    with open(args.output, "w") as f:
        json.dump({"keras": k.__version__, "results": results}, f)


if __name__ == "__main__":
    main()
