#!/usr/bin/python3
"""Copies ONNX's own backend node tests (model.onnx + test_data_set_*/{input,output}_*.pb, generated
by the onnx package's reference implementations) for the operators Engram cares about into
../resources/onnx-node/, and lists the variants left out (with the reason) in skipped.tsv there. Run with Debian 12's system python3 (python3-onnx 1.12.0):

    /usr/bin/python3 gen_onnx_node_tests.py

onnx 1.12's generator uses numpy aliases removed in numpy 1.24 (np.float, ...); they are restored
here before the generator is imported. The generated expected outputs are unchanged by this.
"""
import os
import re
import shutil
import sys
import tempfile

import numpy as np

for alias, value in (("float", float), ("int", int), ("bool", bool), ("object", object), ("complex", complex)):
    if alias not in np.__dict__:
        setattr(np, alias, value)

from onnx.backend.test import cmd_tools  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "onnx-node")
KEEP = re.compile(r"^test_(lstm|gru|rnn|simple_rnn|gemm|matmul|relu|tanh|sigmoid|hardsigmoid|softmax|logsoftmax|"
                  r"leakyrelu|elu|selu|softplus|softsign|"
                  r"basic_conv|conv|reduce_mean|reduce_max|reduce_sum|reduce_l2|layer_normalization|batchnorm|"
                  r"equal|greater|less|not|and|or|where|constant_pad|edge_pad|reflect_pad|max|min|sum|mean|clip|"
                  r"range|tile|cumsum)(_.*|\d.*)?$")

# Node tests of the kept families that are NOT copied, with the reason (written to skipped.tsv).
SKIP = [
    (re.compile(r"_training_mode$"), "BatchNormalization training_mode=1 (batch statistics): inference only"),
    (re.compile(r"^test_(max|min)_(float16|float64|int8|int16|uint8|uint16|uint32|uint64)$"),
     "dtype outside float32/int32/int64: the importer computes in float32 or int64 only"),
    (re.compile(r"^test_clip_default_int8_"), "int8 input: the importer computes in float32 or int64 only"),
    (re.compile(r"^test_(greater|less)_equal"), "GreaterOrEqual/LessOrEqual: not implemented (not emitted by "
     "Engram's exporter, not in the supported list)"),
    (re.compile(r"^test_reduce_sum_square"), "ReduceSumSquare: not implemented (not emitted by Engram's exporter)"),
    (re.compile(r"^test_(edge|reflect)_pad"), "Pad mode edge/reflect: only mode=constant is implemented"),
    (re.compile(r"^test_cumsum"), "CumSum: not implemented (not emitted by Engram's exporter; the tests use double)"),
]


def main():
    with tempfile.TemporaryDirectory() as tmp:
        sys.argv = ["cmd_tools", "generate-data", "-o", tmp]
        cmd_tools.main()
        shutil.rmtree(OUT, ignore_errors=True)
        os.makedirs(OUT)
        skipped = []
        for name in sorted(os.listdir(os.path.join(tmp, "node"))):
            if not KEEP.match(name) or name.endswith("_expanded") or "integer" in name:
                continue
            reason = next((r for p, r in SKIP if p.search(name)), None)
            if reason:
                skipped.append((name, reason))
                continue
            shutil.copytree(os.path.join(tmp, "node", name), os.path.join(OUT, name))
            print(name)
        with open(os.path.join(OUT, "skipped.tsv"), "w") as f:
            for name, reason in skipped:
                f.write(name + "\t" + reason + "\n")
        print("skipped: %d (see skipped.tsv)" % len(skipped))


if __name__ == "__main__":
    main()
