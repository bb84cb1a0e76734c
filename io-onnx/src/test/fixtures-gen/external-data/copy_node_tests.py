#!/usr/bin/env python3
"""Copies the onnx package's own node tests for operators added after gen_onnx_node_tests.py's run.

The onnx wheel ships its backend node tests (model.onnx + test_data_set_0/*.pb, expected outputs from
onnx's numpy reference implementations). Run with the venv of requirements.txt (onnx 1.22.0):

    /tmp/ext/bin/python copy_node_tests.py   # -> ../../resources/onnx-node/test_<name>/
"""
import os
import shutil

import onnx

SRC = os.path.join(os.path.dirname(onnx.__file__), "backend", "test", "data", "node")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "resources", "onnx-node")
NAMES = ["test_globalaveragepool", "test_globalaveragepool_precomputed", "test_globalmaxpool",
         "test_globalmaxpool_precomputed", "test_reversesequence_batch", "test_reversesequence_time"]

for name in NAMES:
    dst = os.path.join(OUT, name)
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(os.path.join(SRC, name), dst)
    print(name, "from onnx", onnx.__version__)
