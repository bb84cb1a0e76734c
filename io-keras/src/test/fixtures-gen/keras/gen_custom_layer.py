#!/usr/bin/env python3
"""Generates the custom-layer fixtures for io-keras with the REAL Keras (versions: requirements.txt).

    python gen_custom_layer.py --dialect tfkeras2 --out ../../resources/keras/custom
    python gen_custom_layer.py --dialect keras3   --out ../../resources/keras/custom

Writes <out>/<dialect>/custom_scale_shift.{h5,keras (keras3 only),cases.json}: Input(4) -> Dense(5) ->
ScaleShift(offset 0.25, squash, label "engram") (custom_layers.py, registered as engram_test>ScaleShift) ->
Dense(3), weights from gen_keras.ramp_weights, cases as gen_keras writes them.
"""
import argparse
import json
import os
import sys

import numpy as np

from custom_layers import define
from gen_keras import load_keras, ramp_input, ramp_weights, tensor_json


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dialect", choices=["tfkeras2", "keras3"], required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    k, producer = load_keras(args.dialect)
    scale_shift = define(k)
    outdir = os.path.join(args.out, args.dialect)
    os.makedirs(outdir, exist_ok=True)
    name = "custom_scale_shift"
    model = k.Sequential([k.Input(shape=(4,)), k.layers.Dense(5, name="dense"),
                          scale_shift(offset=0.25, squash=True, label="engram", name="scale_shift"),
                          k.layers.Dense(3, name="dense_1")], name=name)
    ramp_weights(model)
    base = os.path.join(outdir, name)
    files = {"h5": name + ".h5"}
    if args.dialect == "tfkeras2":
        model.save(base + ".h5", save_format="h5")
    else:
        model.save(base + ".h5")  # Keras 3 legacy HDF5
        model.save(base + ".keras")
        files["keras"] = name + ".keras"
    cases = []
    for cname, batch, seed, scale in [("single", 1, 1, 1.0), ("batch4", 4, 2, 1.0), ("large_values", 2, 3, 4.0)]:
        x = ramp_input((batch, 4), seed, scale)
        y = np.asarray(model.predict(x, verbose=0))
        cases.append({"name": cname, "inputs": [tensor_json("input", x)], "outputs": [tensor_json("output", y)]})
    doc = {"fixture": name,
           "description": "Input(4) -> Dense(5) -> ScaleShift(offset 0.25, squash, label engram; registered "
                          "engram_test>ScaleShift) -> Dense(3)",
           "producer": producer, "dialect": args.dialect, "model": files["h5"], "files": files,
           "modelClass": type(model).__name__,
           "layers": [{"name": l.name, "className": type(l).__name__} for l in model.layers],
           "compile": None, "tolerance": {"rtol": 1e-5, "atol": 1e-6},
           "inputNames": ["input"], "outputNames": ["output"], "cases": cases}
    with open(base + ".cases.json", "w") as f:
        json.dump(doc, f, indent=1)
    print("wrote", base, files, file=sys.stderr)


if __name__ == "__main__":
    main()
