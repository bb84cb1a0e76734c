#!/usr/bin/env python3
"""Copies small fixtures into the Jazzer seed folders of the @FuzzTest targets (issue 11).

Jazzer replays every file of <test resources>/<package>/<Class>Inputs/<method>/ in a normal test
run and starts fuzzing from them with JAZZER_FUZZ=1. Python 3 standard library only. Run from the
repository root:  python3 scripts/hostile/make_fuzz_seeds.py
"""
import glob
import os
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KERAS = "io-keras/src/test/resources/dev/engram/io/keras/fuzz/KerasReadersFuzzTestInputs"
ONNX = "io-onnx/src/test/resources/dev/engram/io/onnx/fuzz/OnnxReaderFuzzTestInputs"
CLI = "cli/src/test/resources/dev/engram/cli/CliParsersFuzzTestInputs"
MAX_SEED_BYTES = 24_000  # keep the committed corpus small and the replay fast


def small(paths, limit):
    out = [p for p in sorted(paths) if os.path.getsize(p) <= MAX_SEED_BYTES]
    return out[:limit]


def put(folder, name, data):
    d = os.path.join(ROOT, folder)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def read(p):
    with open(p, "rb") as f:
        return f.read()


def main():
    os.chdir(ROOT)
    for p in small(glob.glob("io-keras/src/test/resources/tfjs/*/model.json")
                   + glob.glob("engine/src/test/resources/tfjs/*/model.json"), 8):
        d = os.path.dirname(p)
        w = os.path.join(d, "weights.bin")
        put(KERAS + "/tfjs", os.path.basename(d), read(p) + b"\0" + (read(w) if os.path.exists(w) else b""))
    for p in small(glob.glob("io-keras/src/test/resources/keras/*/*.h5"), 200):
        if p.endswith(".weights.h5") or p.endswith(".legacy_weights.h5"):
            continue
        put(KERAS + "/h5Full", os.path.basename(os.path.dirname(p)) + "-" + os.path.basename(p), read(p))
    full = sorted(os.listdir(os.path.join(ROOT, KERAS, "h5Full")))
    for extra in full[8:]:
        os.remove(os.path.join(ROOT, KERAS, "h5Full", extra))
    for p in small(glob.glob("io-keras/src/test/resources/keras/*/*weights.h5"), 6):
        put(KERAS + "/h5Weights", os.path.basename(os.path.dirname(p)) + "-" + os.path.basename(p), read(p))
    for p in small(glob.glob("io-keras/src/test/resources/keras/*/*.keras"), 6):
        put(KERAS + "/keras", os.path.basename(p), read(p))
    for p in small(glob.glob("io-onnx/src/test/resources/onnx-node/*/model.onnx"), 12) + small(
            glob.glob("io-onnx/src/test/resources/t*onnx/*.onnx"), 4):
        put(ONNX + "/load", os.path.basename(os.path.dirname(p)) + "-" + os.path.basename(p), read(p))
    for p in small(glob.glob("io-keras/src/test/resources/tfjs/*/cases.json"), 4):
        put(CLI + "/cases", os.path.basename(os.path.dirname(p)) + ".json", read(p))
    put(CLI + "/csv", "passengers.csv", read("examples/src/main/resources/dev/engram/examples/airline-passengers.csv")[:4000])
    put(CLI + "/csv", "header.csv", b"a,b,c\n1,2,3\n4.5,nan,-1e3\n")
    put(CLI + "/trainConfig", "lstm.json", b'{"name":"f","window":4,"horizon":1,"features":["a"],"targets":["a"],'
        b'"layers":[{"type":"lstm","units":4},{"type":"dense","units":1}],"loss":"mse",'
        b'"optimizer":{"type":"adam","learningRate":0.01},"epochs":1,"batchSize":2}')


if __name__ == "__main__":
    main()
