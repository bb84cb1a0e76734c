#!/usr/bin/python3
"""Copies ONNX's own backend node tests (model.onnx + test_data_set_*/{input,output}_*.pb, generated
by the onnx package's reference implementations) for the operators Engram cares about into
../resources/onnx-node/. Run with Debian 12's system python3 (python3-onnx 1.12.0):

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
                  r"leakyrelu|elu|selu|softplus|softsign)(_.*)?$")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        sys.argv = ["cmd_tools", "generate-data", "-o", tmp]
        cmd_tools.main()
        shutil.rmtree(OUT, ignore_errors=True)
        os.makedirs(OUT)
        for name in sorted(os.listdir(os.path.join(tmp, "node"))):
            if KEEP.match(name) and not name.endswith("_expanded") and "integer" not in name:
                shutil.copytree(os.path.join(tmp, "node", name), os.path.join(OUT, name))
                print(name)


if __name__ == "__main__":
    main()
