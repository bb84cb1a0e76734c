#!/usr/bin/env python3
"""Re-saves committed torch-onnx fixtures with ONNX external data, as the onnx package writes it.

PyTorch 2's exporter (dynamo=True and, above 2 GiB, the TorchScript one) saves through the same onnx
external-data helper: model.onnx plus model.onnx.data, every initializer of at least 1 KiB stored in the
side file with "location"/"offset"/"length" entries. This script produces that layout from the committed
models (same weights, so the committed cases.json stay the expected outputs). The fixtures are tiny, so the
size threshold is 64 bytes instead of onnx's default 1 KiB (otherwise nothing would move):

    python -m venv /tmp/ext && /tmp/ext/bin/pip install -r requirements.txt
    /tmp/ext/bin/python gen_external_data.py   # -> ../../resources/external-data/<name>/
"""
import os
import shutil

import onnx

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "..", "..", "resources", "torch-onnx")
DST = os.path.join(HERE, "..", "..", "resources", "external-data")

for name in ["lstm2_batchfirst_perstep", "bigru_batchfirst_last"]:
    out = os.path.join(DST, name)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    model = onnx.load(os.path.join(SRC, name, "model.onnx"))
    onnx.save_model(model, os.path.join(out, "model.onnx"), save_as_external_data=True,
                    all_tensors_to_one_file=True, location="model.onnx.data", size_threshold=64)
    onnx.checker.check_model(os.path.join(out, "model.onnx"))
    shutil.copy(os.path.join(SRC, name, "cases.json"), os.path.join(out, "cases.json"))
    reloaded = onnx.load(os.path.join(out, "model.onnx"), load_external_data=False)
    external = [t.name for t in reloaded.graph.initializer if t.data_location == onnx.TensorProto.EXTERNAL]
    print(name, "onnx", onnx.__version__, "external initializers:", len(external),
          "data bytes:", os.path.getsize(os.path.join(out, "model.onnx.data")))
