#!/usr/bin/env python3
"""Generates Engram's hostile-model corpus (issue 11): small TF.js, HDF5, .keras, ONNX and CLI-input
files that are malformed, truncated, corrupt, cyclic, or ask for unbounded memory or time.

Every case gets one line in expected.tsv:  id <TAB> command <TAB> expected exit statuses
("3", "2", "0|3", ...). The command is an engram CLI command line; {d} stands for the corpus folder.
HostileCorpusTest runs each one in a JVM with -Xmx512m and a per-file time limit and checks the exit
status, a single line on stderr and no stack trace.

Run from the repository root with the pinned packages (requirements.txt):
    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install -r scripts/hostile/requirements.txt
    /tmp/venv/bin/python scripts/hostile/make_corpus.py
"""
import copy
import io
import json
import os
import random
import shutil
import struct
import zipfile
import zlib

import h5py
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "cli/src/test/hostile")
TFJS_BASE = os.path.join(ROOT, "io-keras/src/test/resources/tfjs/lstm_options_forward")
H5_BASE = os.path.join(ROOT, "io-keras/src/test/resources/keras/tfkeras2/lstm_sigmoid_dense.h5")
H5_EMB = os.path.join(ROOT, "io-keras/src/test/resources/keras/tfkeras2/embedding_mask_zero_lstm.h5")
WEIGHTS_BASE = os.path.join(ROOT, "io-keras/src/test/resources/keras/tfkeras2/lstm_sigmoid_dense.weights.h5")
KERAS_BASE = os.path.join(ROOT, "io-keras/src/test/resources/keras/keras3/lstm_sigmoid_dense.keras")

rows = []
rng = random.Random(11)


def path(name):
    p = os.path.join(OUT, name)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def case(cid, command, expected):
    rows.append((cid, command, expected))


def write(name, data):
    with open(path(name), "wb") as f:
        f.write(data)
    return name


def read(p):
    with open(p, "rb") as f:
        return f.read()


# ---------------------------------------------------------------- TF.js
TFJS_JSON = json.loads(read(os.path.join(TFJS_BASE, "model.json")))
TFJS_BIN = read(os.path.join(TFJS_BASE, "weights.bin"))


def tfjs(cid, model, weights=TFJS_BIN, expected="3", extra=None):
    d = "tfjs/" + cid
    write(d + "/model.json", model if isinstance(model, bytes) else json.dumps(model).encode())
    if weights is not None:
        write(d + "/weights.bin", weights)
    if extra:
        extra(path(d))
    case("tfjs-" + cid, "inspect {d}/" + d, expected)


def layer(m, i):
    return m["modelTopology"]["config"]["layers"][i]


def gen_tfjs():
    tfjs("valid", TFJS_JSON, expected="0")
    for units in (20000, 65536, 1 << 20, 2 ** 31 - 1):
        m = copy.deepcopy(TFJS_JSON)
        layer(m, 0)["config"]["units"] = units
        tfjs("lstm-units-%d" % units, m)
        m = copy.deepcopy(TFJS_JSON)
        layer(m, 1)["config"]["units"] = units
        tfjs("dense-units-%d" % units, m)
    for dims in ([3, 28 * 100000], [100000, 100000], [2 ** 31 - 1, 2 ** 31 - 1], [-1, 28], [3, -28], [1e10, 1],
                 [3.5, 28], ["3", 28], [[3], 28], [], None, [2 ** 63, 1], [0, 28]):
        m = copy.deepcopy(TFJS_JSON)
        w = m["weightsManifest"][0]["weights"][0]
        if dims is None:
            del w["shape"]
        else:
            w["shape"] = dims
        tfjs("shape-%d" % len(rows), m)
    for dt in ("float64", "int8", "string", "complex64", "", None, 7):
        m = copy.deepcopy(TFJS_JSON)
        m["weightsManifest"][0]["weights"][0]["dtype"] = dt
        tfjs("dtype-%d" % len(rows), m)
    for q in ({"dtype": "uint8", "min": float("nan"), "scale": 1}, {"dtype": "uint8"}, {"dtype": "int4"},
              {"dtype": "float16"}, {"dtype": "uint16", "min": 0, "scale": 1e308}, "quant"):
        m = copy.deepcopy(TFJS_JSON)
        m["weightsManifest"][0]["weights"][2]["quantization"] = q
        tfjs("quant-%d" % len(rows), m, expected="0|3")
    for p in ("../weights.bin", "/etc/passwd", "a/../../weights.bin", "", "weights.bin\u0000x", "x" * 5000,
              "http://example.com/w.bin", "C:\\\\w.bin", "./", ".", "sub/../../../etc/passwd", "%2e%2e/w.bin"):
        m = copy.deepcopy(TFJS_JSON)
        m["weightsManifest"][0]["paths"] = [p]
        tfjs("path-%d" % len(rows), m)
    # Symbolic links: to a secret outside, to a folder, dangling, a loop, a link chain leaving the folder.
    def link(target, name="weights.bin"):
        def make(d):
            os.remove(os.path.join(d, "weights.bin"))
            os.symlink(target, os.path.join(d, name))
        return make
    for i, target in enumerate(("/etc/passwd", "/etc", "/nonexistent/weights.bin", "weights.bin", "../../../../../../etc/hostname",
                                "/proc/self/environ", "/dev/zero", "/dev/urandom")):
        tfjs("symlink-%d" % i, TFJS_JSON, extra=link(target))
    # A bias declared as uint8-quantised over a symlink to /etc/passwd: must never print the file.
    m = copy.deepcopy(TFJS_JSON)
    m["weightsManifest"][0]["weights"] = [{"name": "lstm_LSTM4/kernel", "shape": [1000], "dtype": "float32",
                                           "quantization": {"dtype": "uint8", "min": 0, "scale": 1}}]
    tfjs("symlink-quantised-leak", m, extra=link("/etc/passwd"))
    for times in (2, 1000, 30000):
        m = copy.deepcopy(TFJS_JSON)
        m["weightsManifest"][0]["paths"] = ["weights.bin"] * times
        tfjs("shard-repeated-%d" % times, m)
    for cut in (0, 1, 4, 100, len(TFJS_BIN) - 1):
        tfjs("truncated-shard-%d" % cut, TFJS_JSON, TFJS_BIN[:cut])
    tfjs("extra-bytes", TFJS_JSON, TFJS_BIN + b"\0" * 8)
    tfjs("missing-shard", TFJS_JSON, None)
    raw = json.dumps(TFJS_JSON, separators=(",", ":")).encode()
    for cut in (0, 1, 10, len(raw) // 2, len(raw) - 1):
        tfjs("truncated-json-%d" % cut, raw[:cut])
    for depth in (300, 5000, 100000):
        tfjs("deep-json-%d" % depth, b'{"modelTopology":' + b"[" * depth + b"]" * depth + b"}")
    tfjs("bom", b"\xef\xbb\xbf" + raw, expected="0|3")
    tfjs("utf16", raw.decode().encode("utf-16"), expected="0|3")
    tfjs("garbage", bytes(rng.randrange(256) for _ in range(3000)))
    tfjs("huge-number", raw.replace(b'"units":7', b'"units":1' + b"0" * 400))
    tfjs("negative-units", raw.replace(b'"units":7', b'"units":-7'))
    tfjs("units-float", raw.replace(b'"units":7', b'"units":7.5'))
    tfjs("units-string", raw.replace(b'"units":7', b'"units":"7"'))
    tfjs("unknown-class", raw.replace(b'"class_name":"LSTM"', b'"class_name":"Lambda"'))
    tfjs("no-topology", {"weightsManifest": TFJS_JSON["weightsManifest"]})
    tfjs("topology-array", {"modelTopology": [], "weightsManifest": []})
    tfjs("manifest-object", dict(TFJS_JSON, weightsManifest={"paths": ["weights.bin"]}))
    for u in (20000, 100000):
        m = copy.deepcopy(TFJS_JSON)
        m["modelTopology"]["config"]["layers"] = [
            {"class_name": "Embedding", "config": {"name": "e", "batch_input_shape": [None, 3], "input_dim": 2 ** 28,
                                                   "output_dim": u}}]
        m["weightsManifest"][0]["weights"] = [{"name": "e/embeddings", "shape": [1, 1], "dtype": "float32"}]
        tfjs("embedding-%d" % u, m, b"\0" * 4)
    for cls, cfg in (("GRU", {"units": 30000}), ("SimpleRNN", {"units": 60000}),
                     ("Conv1D", {"filters": 100000, "kernel_size": 1000}),
                     ("Bidirectional", {"layer": {"class_name": "LSTM", "config": {"units": 20000}}}),
                     ("TimeDistributed", {"layer": {"class_name": "Dense", "config": {"units": 2 ** 30}}})):
        m = copy.deepcopy(TFJS_JSON)
        c = dict(cfg, name="big", batch_input_shape=[None, 4, 3])
        m["modelTopology"]["config"]["layers"] = [{"class_name": cls, "config": c}]
        tfjs("big-" + cls.lower(), m)
    # A long chain: 12,000 parameter-free layers load (iteratively, no StackOverflowError); with
    # --max-layers 5000 the same file is refused.
    for n, exp in ((12000, "0"),):
        m = copy.deepcopy(TFJS_JSON)
        m["modelTopology"]["config"]["layers"] = [
            {"class_name": "Activation", "config": {"name": "a%d" % i, "activation": "tanh",
                                                    **({"batch_input_shape": [None, 3]} if i == 0 else {})}}
            for i in range(n)]
        m["weightsManifest"] = [{"paths": [], "weights": []}]
        tfjs("chain-%d" % n, m, None, expected=exp)
        case("tfjs-chain-%d-over-limit" % n, "inspect --max-layers 5000 {d}/tfjs/chain-%d" % n, "3")
    # Functional chain listed in reverse order (a quadratic scheduler would hang).
    n = 6000
    layers = [{"class_name": "InputLayer", "name": "in", "config": {"name": "in", "batch_input_shape": [None, 3]},
               "inbound_nodes": []}]
    for i in range(n):
        layers.append({"class_name": "Activation", "name": "a%d" % i, "config": {"name": "a%d" % i, "activation": "relu"},
                       "inbound_nodes": [[["in" if i == 0 else "a%d" % (i - 1), 0, 0, {}]]]})
    layers = [layers[0]] + layers[1:][::-1]
    m = {"modelTopology": {"class_name": "Model", "config": {"name": "f", "layers": layers,
                                                             "input_layers": [["in", 0, 0]],
                                                             "output_layers": [["a%d" % (n - 1), 0, 0]]}},
         "weightsManifest": [{"paths": [], "weights": []}]}
    tfjs("functional-reversed-6000", m, None, expected="0")
    cyc = copy.deepcopy(m)
    cyc["modelTopology"]["config"]["layers"] = [layers[0]] + [l for l in layers[1:] if int(l["name"][1:]) < 50]
    cyc["modelTopology"]["config"]["output_layers"] = [["a49", 0, 0]]
    cyc["modelTopology"]["config"]["layers"][-1]["inbound_nodes"] = [[["a49", 0, 0, {}]]]
    tfjs("functional-cycle", cyc, None)
    # Optimizer step counter stored as float32.
    m = copy.deepcopy(TFJS_JSON)
    m["trainingConfig"] = {"loss": "meanSquaredError", "optimizer_config": {"class_name": "SGD", "config": {"learningRate": 0.1}}}
    m["weightsManifest"][0]["weights"].append({"name": "iter", "shape": [], "dtype": "float32", "group": "optimizer"})
    tfjs("iter-float32", m, TFJS_BIN + struct.pack("<f", 3.0))
    m["weightsManifest"][0]["weights"][-1]["dtype"] = "int32"
    tfjs("iter-int32", m, TFJS_BIN + struct.pack("<i", 3), expected="0")
    tfjs("iter-negative", m, TFJS_BIN + struct.pack("<i", -3))
    # Random damage to the JSON text: each either loads or is refused.
    for i in range(25):
        b = bytearray(raw)
        for _ in range(rng.randrange(1, 6)):
            b[rng.randrange(len(b))] = rng.randrange(32, 127)
        tfjs("json-flip-%d" % i, bytes(b), expected="0|3")
    for i in range(10):
        b = bytearray(TFJS_BIN)
        for _ in range(5):
            b[rng.randrange(len(b))] = rng.randrange(256)
        tfjs("bin-flip-%d" % i, TFJS_JSON, bytes(b), expected="0")
    # Embedding with an id out of range or NaN: bad input data (exit 2).
    m = {"modelTopology": {"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "Embedding", "config": {"name": "e", "batch_input_shape": [None, 3], "input_dim": 10,
                                               "output_dim": 2, "embeddings_initializer": {
                                                   "class_name": "RandomUniform",
                                                   "config": {"minval": -0.05, "maxval": 0.05, "seed": None}}}}]},
                           "keras_version": "tfjs-layers 4.22.0"},
         "weightsManifest": [{"paths": ["weights.bin"], "weights": [{"name": "e/embeddings", "shape": [10, 2],
                                                                     "dtype": "float32"}]}]}
    write("tfjs/embedding/model.json", json.dumps(m).encode())
    write("tfjs/embedding/weights.bin", np.arange(20, dtype="<f4").tobytes())
    for name, csv, exp in (("ok", "1,2,3\n", "0"), ("out-of-range", "1,2,10\n", "2"), ("negative", "-5,2,3\n", "2"),
                           ("nan", "1,nan,3\n", "2"), ("huge", "1,2,1e30\n", "2")):
        write("tfjs/embedding/%s.csv" % name, csv.encode())
        case("tfjs-embedding-" + name, "predict {d}/tfjs/embedding --input {d}/tfjs/embedding/%s.csv" % name, exp)


# ---------------------------------------------------------------- HDF5
def h5copy(name, src=H5_BASE):
    p = path("h5/" + name)
    shutil.copy(src, p)
    return p


def h5case(name, expected="3", command="inspect"):
    case("h5-" + name.replace(".h5", ""), "%s {d}/h5/%s" % (command, name), expected)


def set_config(p, fn):
    with h5py.File(p, "r+") as f:
        cfg = json.loads(f.attrs["model_config"])
        fn(cfg)
        f.attrs["model_config"] = json.dumps(cfg)


def first_layer_with(cfg, key):
    for l in cfg["config"]["layers"]:
        if key in l.get("config", {}):
            return l["config"]
    raise KeyError(key)


def gen_h5():
    base = read(H5_BASE)
    shutil.copy(H5_BASE, path("h5/valid.h5"))
    h5case("valid.h5", "0")
    for units in (20000, 1 << 20):
        p = h5copy("lstm-units-%d.h5" % units)
        set_config(p, lambda c: first_layer_with(c, "units").__setitem__("units", units))
        h5case(os.path.basename(p))
    p = h5copy("embedding-2e28.h5", H5_EMB)
    set_config(p, lambda c: first_layer_with(c, "input_dim").__setitem__("input_dim", 2 ** 28))
    h5case("embedding-2e28.h5")
    p = h5copy("deep-config.h5")
    with h5py.File(p, "r+") as f:
        f.attrs["model_config"] = "[" * 50000 + "]" * 50000
    h5case("deep-config.h5")
    p = h5copy("config-not-json.h5")
    with h5py.File(p, "r+") as f:
        f.attrs["model_config"] = "{not json"
    h5case("config-not-json.h5")
    # Truncations and a bad end-of-file address.
    for cut in (1, 8, 100, 1000, 2048, len(base) // 2, len(base) - 1024, len(base) - 1):
        write("h5/truncated-%d.h5" % cut, base[:len(base) - cut] if cut < len(base) else b"")
        h5case("truncated-%d.h5" % cut)
    b = bytearray(base)
    struct.pack_into("<Q", b, 40, len(base) + 4096)  # superblock v0: end-of-file address
    write("h5/eof-past-end.h5", bytes(b))
    h5case("eof-past-end.h5")
    struct.pack_into("<Q", b, 40, 2 ** 63 + 5)
    write("h5/eof-huge.h5", bytes(b))
    h5case("eof-huge.h5")
    # Local heap with a data segment size of about 2 GiB.
    i = base.find(b"HEAP")
    for k, size in enumerate((2 ** 31 - 1, 2 ** 40, 2 ** 64 - 1)):
        b = bytearray(base)
        struct.pack_into("<Q", b, i + 8, size)
        write("h5/heap-size-%d.h5" % k, bytes(b))
        h5case("heap-size-%d.h5" % k)
    # Impossible B-tree levels and entry counts on every v1 B-tree node.
    pos = [j for j in range(len(base)) if base.startswith(b"TREE", j)]
    for k, (off, val) in enumerate(((5, 200), (5, 1), (6, 0xff), (7, 0xff))):
        b = bytearray(base)
        for j in pos:
            b[j + off] = val
        write("h5/btree-%d.h5" % k, bytes(b))
        h5case("btree-%d.h5" % k, "0|3")
    # Weight datasets: gzip bombs, Fletcher32 failures, wrong types and shapes, links.
    for k, mib in enumerate((512, 130)):
        p = h5copy("gzip-bomb-%d.h5" % k)
        with h5py.File(p, "r+") as f:
            f = f["model_weights"]
            name = [n for n in walk(f) if n.endswith("kernel:0")][-1]
            del f[name]
            n = mib * (1 << 20) // 4
            d = f.create_dataset(name, shape=(n,), dtype="f4", chunks=(1 << 22,), compression="gzip")
            zero = np.zeros(1 << 22, dtype="f4")
            for s in range(0, n, 1 << 22):
                d[s:s + (1 << 22)] = zero[:min(1 << 22, n - s)]
        h5case("gzip-bomb-%d.h5" % k)
    for k in range(3):
        p = h5copy("fletcher-%d.h5" % k)
        with h5py.File(p, "r+") as root:
            f = root["model_weights"]
            name = [n for n in walk(f) if n.endswith("kernel:0")][0]
            data = f[name][()]
            del f[name]
            f.create_dataset(name, data=data, chunks=data.shape, fletcher32=True,
                             compression="gzip" if k == 2 else None)
            off = f[name].id.get_chunk_info(0).byte_offset
        if k > 0:
            b = bytearray(read(p))
            b[off + 3] ^= 0x5a
            write("h5/fletcher-%d.h5" % k, bytes(b))
        h5case("fletcher-%d.h5" % k, "0" if k == 0 else "3")
    for k, (dt, shape) in enumerate((("i4", None), ("S4", None), ("f8", None), ("f4", (1,)), ("f4", (7, 7, 7)),
                                     ("f2", None), ("u1", None))):
        p = h5copy("weight-type-%d.h5" % k)
        with h5py.File(p, "r+") as root:
            f = root["model_weights"]
            name = [n for n in walk(f) if n.endswith("kernel:0")][0]
            old = f[name][()]
            del f[name]
            data = np.zeros(shape or old.shape, dtype=dt)
            f.create_dataset(name, data=data)
        h5case("weight-type-%d.h5" % k, "0" if dt in ("f8", "f2") else "3")
    # A hard-link cycle walked by a long weight path.
    for k, steps in enumerate((2000, 4000, 20)):
        p = h5copy("hardlink-cycle-%d.h5" % k)
        with h5py.File(p, "r+") as f:
            lname = [n for n in walk(f["model_weights"]) if n.endswith("kernel:0")][0]
            layer_group = f["model_weights/" + lname.split("/")[0]]
            layer_group["loop"] = layer_group
            names = list(layer_group.attrs["weight_names"])
            names = [x if isinstance(x, bytes) else str(x).encode() for x in names]
            names[0] = ("loop/" * steps + "/".join(lname.split("/")[1:])).encode()
            layer_group.attrs["weight_names"] = np.array(names, dtype="S")
        h5case("hardlink-cycle-%d.h5" % k)
    p = h5copy("external-link.h5")
    with h5py.File(p, "r+") as root:
        f = root["model_weights"]
        name = [n for n in walk(f) if n.endswith("kernel:0")][0]
        del f[name]
        f[name] = h5py.ExternalLink("/etc/passwd", "/x")
    h5case("external-link.h5")
    p = h5copy("weights-only.h5", WEIGHTS_BASE)
    h5case("weights-only.h5", "0")
    # Random byte damage: each either loads or is refused, never crashes.
    for k in range(40):
        b = bytearray(base)
        for _ in range(rng.randrange(1, 4)):
            b[rng.randrange(min(len(b), 6000))] = rng.randrange(256)
        write("h5/flip-%d.h5" % k, bytes(b))
        h5case("flip-%d.h5" % k, "0|3")


def walk(g, prefix=""):
    out = []
    for k, v in g.items():
        if isinstance(v, h5py.Dataset):
            out.append(prefix + k)
        else:
            out.extend(walk(v, prefix + k + "/"))
    return out


# ---------------------------------------------------------------- .keras
def gen_keras():
    base = read(KERAS_BASE)
    zin = zipfile.ZipFile(io.BytesIO(base))
    entries = {n: zin.read(n) for n in zin.namelist()}

    def make(name, items, expected="3", method=zipfile.ZIP_STORED):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", method) as z:
            for n, data in items:
                z.writestr(n, data)
        write("keras/" + name, buf.getvalue())
        case("keras-" + name.replace(".keras", ""), "inspect {d}/keras/" + name, expected)
        return buf.getvalue()

    valid = make("valid.keras", entries.items(), "0")
    # CRC mismatch: a byte of the stored weights changed after writing.
    b = bytearray(valid)
    i = b.find(b"model.weights.h5")
    i = b.find(b"model.weights.h5", i + 1) if b.find(b"model.weights.h5", i + 1) > 0 else i
    b[len(b) // 2] ^= 0x01
    write("keras/crc-mismatch.keras", bytes(b))
    case("keras-crc-mismatch", "inspect {d}/keras/crc-mismatch.keras", "3")
    for k, cut in enumerate((1, 22, 100, len(valid) // 2, len(valid) - 30)):
        write("keras/truncated-%d.keras" % k, valid[:len(valid) - cut])
        case("keras-truncated-%d" % k, "inspect {d}/keras/truncated-%d.keras" % k, "3")
    # Zip bombs: an entry inflating far beyond the limit.
    for k, mib in enumerate((1024, 300)):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for n, data in entries.items():
                if n != "model.weights.h5":
                    z.writestr(n, data)
            with z.open("model.weights.h5", "w", force_zip64=True) as w:
                chunk = b"\0" * (1 << 20)
                for _ in range(mib):
                    w.write(chunk)
        write("keras/zip-bomb-%d.keras" % k, buf.getvalue())
        case("keras-zip-bomb-%d" % k, "inspect {d}/keras/zip-bomb-%d.keras" % k, "3")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("config.json", "w", force_zip64=True) as w:
            for _ in range(200):
                w.write(b" " * (1 << 20))
    write("keras/config-bomb.keras", buf.getvalue())
    case("keras-config-bomb", "inspect {d}/keras/config-bomb.keras", "3")
    make("many-entries.keras", list(entries.items()) + [("e%d" % i, b"") for i in range(10500)])
    make("traversal.keras", list(entries.items()) + [("../../etc/evil", b"x"), ("/abs", b"y")], "0|3")
    make("no-config.keras", [(n, d) for n, d in entries.items() if n != "config.json"])
    make("no-weights.keras", [(n, d) for n, d in entries.items() if n != "model.weights.h5"])
    cfg = json.loads(entries["config.json"])

    def with_config(name, fn, expected="3"):
        c = copy.deepcopy(cfg)
        fn(c)
        make(name, [(n, json.dumps(c).encode() if n == "config.json" else d) for n, d in entries.items()], expected)

    def units(c, u):
        for l in c["config"]["layers"]:
            if "units" in l.get("config", {}):
                l["config"]["units"] = u
                return

    for u in (20000, 1 << 22):
        with_config("lstm-units-%d.keras" % u, lambda c, u=u: units(c, u))
    make("deep-config.keras", [(n, (b"[" * 100000 + b"]" * 100000) if n == "config.json" else d)
                               for n, d in entries.items()])
    make("config-garbage.keras", [(n, b"\xff\xfe{" if n == "config.json" else d) for n, d in entries.items()])
    h5 = entries["model.weights.h5"]
    for k, cut in enumerate((1, 100, len(h5) // 2)):
        make("weights-truncated-%d.keras" % k, [(n, h5[:len(h5) - cut] if n == "model.weights.h5" else d)
                                                for n, d in entries.items()])
    make("weights-not-h5.keras", [(n, b"not hdf5" * 100 if n == "model.weights.h5" else d) for n, d in entries.items()])
    make("nested-zip.keras", [(n, valid if n == "model.weights.h5" else d) for n, d in entries.items()])
    make("duplicate-config.keras", list(entries.items()) + [("config.json", b"{}")], "0|3")
    # Declared sizes that lie: patch the local and central headers' uncompressed size.
    b = bytearray(valid)
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):
        j = b.find(sig)
        while j >= 0:
            off = 22 if sig == b"PK\x03\x04" else 24
            struct.pack_into("<I", b, j + off, 0x7fffffff)
            j = b.find(sig, j + 4)
    write("keras/size-lies.keras", bytes(b))
    case("keras-size-lies", "inspect {d}/keras/size-lies.keras", "3")
    for k in range(20):
        b = bytearray(valid)
        for _ in range(rng.randrange(1, 4)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        write("keras/flip-%d.keras" % k, bytes(b))
        case("keras-flip-%d" % k, "inspect {d}/keras/flip-%d.keras" % k, "0|3")


# ---------------------------------------------------------------- ONNX
X = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 1])
Y = helper.make_tensor_value_info("y", TensorProto.FLOAT, None)


def onnx_case(name, nodes, inits=(), opset=17, ir=8, expected="3", outputs=(Y,), raw=None):
    if raw is None:
        g = helper.make_graph(nodes, "g", [X], list(outputs), list(inits))
        m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)] if opset is not None else [])
        m.ir_version = ir
        raw = m.SerializeToString()
    write("onnx/" + name + ".onnx", raw)
    case("onnx-" + name, "predict {d}/onnx/%s.onnx --input {d}/onnx/x.csv" % name, expected)
    return raw


def i64(name, *v):
    return numpy_helper.from_array(np.array(v, dtype=np.int64), name)


def gen_onnx():
    write("onnx/x.csv", b"0.5\n")
    valid = onnx_case("valid", [helper.make_node("Relu", ["x"], ["y"])], expected="0")
    for k, shape in enumerate(((100000, 100000, 100), (2 ** 31, 2), (1 << 40,), (65536, 65536), (-1, 5))):
        onnx_case("constantofshape-%d" % k, [helper.make_node("ConstantOfShape", ["s"], ["c"]),
                                             helper.make_node("Add", ["x", "c"], ["y"])], [i64("s", *shape)])
        onnx_case("expand-%d" % k, [helper.make_node("Expand", ["x", "s"], ["y"])], [i64("s", *shape)])
        onnx_case("reshape-%d" % k, [helper.make_node("Reshape", ["x", "s"], ["y"])], [i64("s", *shape)])
    for k, reps in enumerate(((1 << 20, 1 << 20), (2 ** 40, 1), (-1, 2))):
        onnx_case("tile-%d" % k, [helper.make_node("Tile", ["x", "r"], ["y"])], [i64("r", *reps)])
    for k, (s, l, d) in enumerate(((0, 2 ** 40, 1), (0, 10, 0), (2 ** 62, -(2 ** 62), -1), (0, 1e30, 1e-30))):
        if isinstance(l, float):
            inits = [numpy_helper.from_array(np.array(v, dtype=np.float32), n) for n, v in (("s", s), ("l", l), ("d", d))]
        else:
            inits = [numpy_helper.from_array(np.array(v, dtype=np.int64), n) for n, v in (("s", s), ("l", l), ("d", d))]
        onnx_case("range-%d" % k, [helper.make_node("Range", ["s", "l", "d"], ["r"]),
                                   helper.make_node("Shape", ["r"], ["y"])], inits)
    onnx_case("broadcast-bomb", [helper.make_node("Reshape", ["x", "a"], ["xa"]),
                                 helper.make_node("Expand", ["xa", "sa"], ["p"]),
                                 helper.make_node("Expand", ["xa", "sb"], ["q"]),
                                 helper.make_node("Add", ["p", "q"], ["y"])],
              [i64("a", 1, 1), i64("sa", 100000, 1), i64("sb", 1, 100000)])
    onnx_case("pad-huge", [helper.make_node("Pad", ["x", "p"], ["y"])], [i64("p", 0, 0, 2 ** 30, 2 ** 30)])
    for op, v in (("opset-1", 1), ("opset-6", 6), ("opset-99", 99)):
        onnx_case(op, [helper.make_node("Relu", ["x"], ["y"])], opset=v)
    onnx_case("no-opset", [helper.make_node("Relu", ["x"], ["y"])], opset=None)
    for ir in (0, 1, 2, 99):
        onnx_case("ir-%d" % ir, [helper.make_node("Relu", ["x"], ["y"])], ir=ir)
    onnx_case("cycle", [helper.make_node("Add", ["x", "b"], ["a"]), helper.make_node("Relu", ["a"], ["b"]),
                        helper.make_node("Relu", ["a"], ["y"])])
    onnx_case("self-loop", [helper.make_node("Add", ["x", "y"], ["y"])])
    onnx_case("undefined-input", [helper.make_node("Relu", ["nowhere"], ["y"])])
    onnx_case("duplicate-output", [helper.make_node("Relu", ["x"], ["y"]), helper.make_node("Relu", ["x"], ["y"])])
    onnx_case("output-never-produced", [helper.make_node("Relu", ["x"], ["z"])])
    onnx_case("unknown-op", [helper.make_node("FooBar", ["x"], ["y"])])
    onnx_case("custom-domain", [helper.make_node("Relu", ["x"], ["y"], domain="com.evil")])
    big = TensorProto()
    big.name, big.data_type = "w", TensorProto.FLOAT
    big.dims.extend([100000, 100000])
    onnx_case("initializer-no-data", [helper.make_node("Add", ["x", "w"], ["y"])], [big])
    big2 = TensorProto()
    big2.CopyFrom(big)
    big2.raw_data = b"\0" * 16
    onnx_case("initializer-raw-short", [helper.make_node("Add", ["x", "w"], ["y"])], [big2])
    ext = TensorProto()
    ext.name, ext.data_type = "w", TensorProto.FLOAT
    ext.dims.extend([1, 1])
    ext.data_location = TensorProto.EXTERNAL
    for k, loc in enumerate(("../../../../etc/passwd", "/etc/passwd", "model.onnx.data")):
        e = TensorProto()
        e.CopyFrom(ext)
        del e.external_data[:]
        e.external_data.add(key="location", value=loc)
        e.external_data.add(key="length", value="4")
        onnx_case("external-data-%d" % k, [helper.make_node("Add", ["x", "w"], ["y"])], [e])
    onnx_case("mismatched-matmul", [helper.make_node("MatMul", ["x", "w1"], ["h"]), helper.make_node("MatMul", ["h", "w2"], ["y"])],
              [numpy_helper.from_array(np.ones((1, 4), np.float32), "w1"),
               numpy_helper.from_array(np.ones((7, 2), np.float32), "w2")])
    onnx_case("lstm-huge-hidden", [helper.make_node("Reshape", ["x", "s"], ["x3"]),
                                   helper.make_node("LSTM", ["x3", "W", "R"], ["y"], hidden_size=1 << 28)],
              [i64("s", 1, 1, 1), numpy_helper.from_array(np.ones((1, 4, 1), np.float32), "W"),
               numpy_helper.from_array(np.ones((1, 4, 1), np.float32), "R")])
    # Nested subgraphs deeper than protobuf's recursion limit, encoded by hand (the Python protobuf
    # library itself refuses to build them).
    def field(tag, data):
        return varint(tag << 3 | 2) + varint(len(data)) + data

    def varint(v):
        out = b""
        while True:
            b = v & 0x7f
            v >>= 7
            out += bytes([b | (0x80 if v else 0)])
            if not v:
                return out

    graph = field(1, field(1, b"x") + field(2, b"y") + field(4, b"Relu")) + field(2, b"s")
    for _ in range(200):
        attr = field(1, b"then_branch") + field(6, graph) + varint(20 << 3) + varint(5)
        graph = field(1, field(1, b"c") + field(2, b"y") + field(4, b"If") + field(5, attr)) + field(2, b"s")
    top = graph + field(11, X.SerializeToString()) + field(12, Y.SerializeToString())
    raw = varint(1 << 3) + varint(8) + field(8, varint(2 << 3) + varint(17)) + field(7, top)
    onnx_case("deep-subgraphs", None, raw=raw)
    # Long graphs: 20,000 nodes in reverse order load fast; over the node limit is refused.
    for n, exp in ((20000, "0"),):
        nodes = [helper.make_node("Relu", ["x" if i == 0 else "v%d" % (i - 1)], ["y" if i == n - 1 else "v%d" % i])
                 for i in range(n)][::-1]
        onnx_case("reversed-%d" % n, nodes, expected=exp)
    for k, cut in enumerate((1, 5, len(valid) // 2, len(valid) - 1)):
        onnx_case("truncated-%d" % k, None, raw=valid[:len(valid) - cut])
    onnx_case("empty", None, raw=b"")
    onnx_case("garbage", None, raw=bytes(rng.randrange(256) for _ in range(500)))
    mm = onnx.load_from_string(read(path("onnx/mismatched-matmul.onnx")))
    base = mm.SerializeToString()
    for k in range(30):
        b = bytearray(base)
        for _ in range(rng.randrange(1, 4)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        onnx_case("flip-%d" % k, None, raw=bytes(b), expected="0|2|3")


# ---------------------------------------------------------------- CLI inputs
def gen_cli():
    write("cli/series.csv", ("a,b\n" + "".join("%d,%d\n" % (i, i * 2) for i in range(40))).encode())
    write("cli/series-nan.csv", ("a,b\n" + "".join("%s,%d\n" % ("nan" if i == 17 else i, i) for i in range(40))).encode())
    write("cli/series-inf.csv", ("a,b\n" + "".join("%s,%d\n" % ("inf" if i == 3 else i, i) for i in range(40))).encode())
    base = {"layers": [{"type": "lstm", "units": 4}, {"type": "dense", "units": 1}], "loss": "mse",
            "optimizer": {"type": "adam", "learningRate": 0.01}, "window": 4, "features": ["a", "b"],
            "targets": ["a"], "epochs": 1, "batchSize": 8}

    def train(name, cfg, data="series.csv", expected="2"):
        write("cli/%s.json" % name, cfg if isinstance(cfg, bytes) else json.dumps(cfg).encode())
        case("cli-train-" + name, "train --config {d}/cli/%s.json --data {d}/cli/%s --output {d}/../hostile-out/%s.keras"
             % (name, data, name), expected)

    train("valid", base, expected="0")
    train("nan-data", base, "series-nan.csv")
    train("inf-data", base, "series-inf.csv")
    for u in (20000, 1 << 20):
        c = copy.deepcopy(base)
        c["layers"][0]["units"] = u
        train("lstm-units-%d" % u, c)
    c = copy.deepcopy(base)
    c["window"] = 2 ** 31 - 1
    train("window-huge", c)
    train("deep", b"[" * 100000 + b"]" * 100000)
    train("not-json", b"{layers")
    c = copy.deepcopy(base)
    c["features"] = ["nope"]
    train("unknown-column", c)

    def cases(name, doc, expected="2"):
        write("cli/%s.json" % name, doc if isinstance(doc, bytes) else json.dumps(doc).encode())
        case("cli-cases-" + name, "predict {d}/onnx/valid.onnx --input {d}/cli/%s.json" % name, expected)

    cases("ok", {"inputs": [{"name": "x", "shape": [1, 1], "dtype": "float32", "data": [0.5]}]}, "0")
    cases("shape-overflow", {"inputs": [{"name": "x", "shape": [2 ** 31 - 1, 2 ** 31 - 1, 2 ** 31 - 1, 8],
                                         "dtype": "float32", "data": []}]})
    cases("shape-overflow-int", {"inputs": [{"name": "x", "shape": [65536, 65536], "dtype": "float32", "data": []}]})
    cases("shape-negative", {"inputs": [{"name": "x", "shape": [-1, 1], "dtype": "float32", "data": [1]}]})
    cases("wrong-count", {"inputs": [{"name": "x", "shape": [1, 1], "dtype": "float32", "data": [1, 2]}]})
    cases("wrong-shape", {"inputs": [{"name": "x", "shape": [1, 3], "dtype": "float32", "data": [1, 2, 3]}]})
    cases("wrong-name", {"inputs": [{"name": "nope", "shape": [1, 1], "dtype": "float32", "data": [1]}]}, "0|2")
    cases("string-data", {"inputs": [{"name": "x", "shape": [1, 1], "dtype": "float32", "data": ["a"]}]})
    cases("deep", b'{"inputs":' + b"[" * 100000 + b"]" * 100000 + b"}")
    cases("not-json", b"{")
    for k in range(10):
        b = bytearray(json.dumps({"inputs": [{"name": "x", "shape": [1, 1], "dtype": "float32", "data": [0.5]}]}).encode())
        b[rng.randrange(len(b))] = rng.randrange(32, 127)
        cases("flip-%d" % k, bytes(b), "0|2")
    write("cli/x-bad.csv", b"0.5,abc\n")
    case("cli-csv-bad-number", "predict {d}/onnx/valid.onnx --input {d}/cli/x-bad.csv", "2")
    write("cli/x-ragged.csv", b"0.5\n1,2\n")
    case("cli-csv-ragged", "predict {d}/onnx/valid.onnx --input {d}/cli/x-ragged.csv", "2")


def main():
    if os.path.exists(OUT):
        shutil.rmtree(OUT)
    gen_tfjs()
    gen_h5()
    gen_keras()
    gen_onnx()
    gen_cli()
    with open(os.path.join(OUT, "expected.tsv"), "w") as f:
        f.write("# id\tcommand ({d} = this folder)\texpected exit statuses\n")
        for r in rows:
            f.write("\t".join(str(x) for x in r) + "\n")
    print(len(rows), "cases")


if __name__ == "__main__":
    main()
