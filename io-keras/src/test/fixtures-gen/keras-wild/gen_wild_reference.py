"""Reference outputs for the real Keras files in shared/fixtures/keras-wild, computed by real Keras.

For every model file (``*.h5`` except the ``*_inputs_and_outputs.h5`` data files) this script loads the
file with the Keras that matches the file's ``keras_version`` and feeds deterministic inputs:

* Keras 1.x / 2.x files -> tf-keras 2.18 (``tf_keras.models.load_model(f, compile=False)``). Keras 2
  semantics (e.g. ``hard_sigmoid`` = 0.2x+0.5) are what the file was trained with; Keras 3 would read the
  same name as x/6+0.5, so Keras 3 is deliberately NOT used as a fallback for these files.
* Keras 3.x files -> Keras 3.10 (``keras.saving.load_model(f, compile=False)``, TensorFlow backend).

Inputs: batch 3; unknown time dimensions become 6; float inputs are ``2*sin(0.37*i + 0.1)`` over the flat
index (plus a second case with the last two time steps all zero for models with a ``Masking`` layer);
``Embedding`` inputs are int32 ids ``(7*i + 3) % input_dim``.

Inputs with more than 4096 elements are not stored: the case names a ``generator`` (``sin``,
``sin_last_two_steps_zero`` or ``ids``) that the test re-evaluates.

Writes ``<out>/<relative path>.json`` (shared/fixtures/README.md section 1 schema, ``producer`` = tool and
version) for each file that loads, and ``<out>/NOT_LOADED.json`` listing every file real Keras cannot load
with the exception it raised.

usage: python gen_wild_reference.py --wild /work/shared/fixtures/keras-wild --out ../../resources/keras-wild-reference
"""
import argparse
import json
import os
import sys
import traceback

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import h5py  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras  # noqa: E402
import keras  # noqa: E402

BATCH = 3
DEFAULT_STEPS = 6
MAX_STORED_INPUT = 4096
GENERATORS = {"ramp": "sin", "ramp_last_two_steps_zero": "sin_last_two_steps_zero", "ids": "ids"}


def keras_version_of(path):
    with h5py.File(path, "r") as f:
        v = f.attrs.get("keras_version")
        if v is None and "model_weights" in f:
            v = f["model_weights"].attrs.get("keras_version")
    if isinstance(v, bytes):
        v = v.decode("utf-8")
    return None if v is None else str(v)


def floats(a):
    return [float(x) for x in np.asarray(a, dtype=np.float32).ravel()]


def first_layers(model):
    return [l for l in model.layers if type(l).__name__ != "InputLayer"]


def make_inputs(model):
    shape = list(model.inputs[0].shape)
    shape[0] = BATCH
    shape = [DEFAULT_STEPS if d is None else int(d) for d in shape]
    layers = first_layers(model)
    n = int(np.prod(shape))
    cases = []
    if layers and type(layers[0]).__name__ == "Embedding":
        dim = int(layers[0].input_dim)
        ids = ((7 * np.arange(n) + 3) % dim).astype(np.int32).reshape(shape)
        cases.append(("ids", ids, "int32"))
        return cases
    x = (2.0 * np.sin(0.37 * np.arange(n) + 0.1)).astype(np.float32).reshape(shape)
    cases.append(("ramp", x, "float32"))
    if any(type(l).__name__ == "Masking" for l in model.layers) and len(shape) == 3:
        masked = x.copy()
        masked[:, -2:, :] = 0.0
        cases.append(("ramp_last_two_steps_zero", masked, "float32"))
    return cases


def reference(model, tool, version, rel, kv):
    out = {
        "fixture": rel,
        "description": "reference outputs of real Keras for a keras-wild file (deterministic inputs)",
        "producer": {"tool": tool, "version": version, "backend": "tensorflow", "tensorflow": tf.__version__,
                     "fileKerasVersion": kv,
                     "script": "io-keras/src/test/fixtures-gen/keras-wild/gen_wild_reference.py"},
        "model": rel,
        "tolerance": {"rtol": 1e-5, "atol": 1e-6},
        "inputNames": [t.name for t in model.inputs],
        "outputNames": [t.name for t in model.outputs],
        "layers": [type(l).__name__ for l in model.layers],
        "cases": [],
    }
    for name, x, dtype in make_inputs(model):
        y = model(x, training=False)
        y = y.numpy() if hasattr(y, "numpy") else np.asarray(y)
        inp = {"name": out["inputNames"][0], "shape": list(x.shape), "dtype": dtype}
        if x.size <= MAX_STORED_INPUT:
            inp["data"] = [int(v) for v in x.ravel()] if dtype == "int32" else floats(x)
        else:
            # Large inputs (elecprices: 3 x 168 x 105) are described, not stored, to keep the file small;
            # the test regenerates them (float32 of the double-precision formula).
            inp["generator"] = GENERATORS[name]
        out["cases"].append({
            "name": name,
            "inputs": [inp],
            "outputs": [{"name": out["outputNames"][0], "shape": list(y.shape), "dtype": "float32",
                         "data": floats(y)}],
        })
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wild", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    files = []
    for root, _, names in os.walk(args.wild):
        for n in names:
            if n.endswith(".h5") and not n.endswith("_inputs_and_outputs.h5"):
                files.append(os.path.relpath(os.path.join(root, n), args.wild))
    files.sort()
    not_loaded = {}
    for rel in files:
        path = os.path.join(args.wild, rel)
        kv = keras_version_of(path)
        major = kv.split(".")[0] if kv else "?"
        if major == "3":
            tool, version, load = "keras", keras.__version__, lambda p: keras.saving.load_model(p, compile=False)
        else:
            tool, version, load = "tf-keras", tf_keras.__version__, lambda p: tf_keras.models.load_model(p, compile=False)
        try:
            model = load(path)
            ref = reference(model, tool, version, rel, kv)
        except Exception as e:  # noqa: BLE001 - recorded, not hidden
            msg = "".join(traceback.format_exception_only(type(e), e)).strip().splitlines()
            not_loaded[rel] = {"fileKerasVersion": kv, "tool": tool, "version": version,
                               "error": " ".join(m.strip() for m in msg)[:600]}
            print(f"NOT LOADED {rel} ({tool} {version}): {not_loaded[rel]['error'][:200]}", file=sys.stderr)
            continue
        dest = os.path.join(args.out, rel + ".json")
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "w") as f:
            json.dump(ref, f, indent=1)
            f.write("\n")
        print(f"ok {rel} ({tool} {version}) output {ref['cases'][0]['outputs'][0]['shape']}")
    with open(os.path.join(args.out, "NOT_LOADED.json"), "w") as f:
        json.dump(not_loaded, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
