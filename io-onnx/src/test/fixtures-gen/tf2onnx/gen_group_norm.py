"""ONNX GroupNormalization files around Keras GroupNormalization layers (issue 18, GroupNormImportTest).

None of the pinned exporters writes ONNX's GroupNormalization op: tf2onnx 1.17 decomposes Keras's layer into
moments ops and torch 1.13 into InstanceNormalization. So each file is written with onnx.helper (onnx 1.22, checked
by onnx.checker, which refuses the deprecated opset-18 form) as a converter would write the layer, with the Keras layer's own weights, and its expected outputs
are the Keras model's (tf-keras 2.18, float32); ONNX Runtime 1.32's difference from Keras is recorded as a sanity
check. Weights are deterministic and asymmetric (gen_tf2onnx.det).

  group_norm21_nchw_transposed  channels-last Keras model [5, 4, 6] (groups 3): Transpose [0, 3, 1, 2] ->
                                GroupNormalization-21 (scale/bias per channel) -> Transpose back (tf2onnx's layout form)
  group_norm18_nchw             channels-first Keras model [6, 3, 4] (axis 1, groups 2, gamma/beta equal within each
                                group, the only form opset 18's per-group scale can state): GroupNormalization-18
  group_norm21_sequence         channels-first sequence [4, 7] (axis 1, groups 4 = one per channel), opset 21

usage: python gen_group_norm.py --out ../../resources/onnx-groupnorm   (the venv of requirements.txt here)
"""
import argparse
import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import onnxruntime as ort  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras as keras  # noqa: E402
from onnx import TensorProto, helper  # noqa: E402

from gen_tf2onnx import det, floats  # noqa: E402


def model(name, shape, groups, axis, epsilon, per_group):
    m = keras.Sequential(name=name)
    m.add(keras.layers.InputLayer(input_shape=shape, name="x"))
    m.add(keras.layers.GroupNormalization(groups=groups, axis=axis, epsilon=epsilon, name="group_normalization"))
    c = shape[axis - 1] if axis > 0 else shape[-1]
    gamma = 1 + det((c,), 1)
    beta = det((c,), 2)
    if per_group:
        size = c // groups
        gamma = np.repeat(gamma[::size], size)
        beta = np.repeat(beta[::size], size)
    m.layers[0].set_weights([gamma, beta])
    return m, gamma, beta


def graph(name, shape, groups, epsilon, opset, gamma, beta, channels_last):
    params = gamma if opset >= 21 else gamma[:: len(gamma) // groups]
    shift = beta if opset >= 21 else beta[:: len(beta) // groups]
    nodes, x = [], "x"
    if channels_last:
        nodes.append(helper.make_node("Transpose", ["x"], ["x_nchw"], perm=[0, 3, 1, 2]))
        x = "x_nchw"
    out = "y_nchw" if channels_last else "y"
    nodes.append(helper.make_node("GroupNormalization", [x, "scale", "bias"], [out], num_groups=groups,
                                  epsilon=epsilon))
    if channels_last:
        nodes.append(helper.make_node("Transpose", ["y_nchw"], ["y"], perm=[0, 2, 3, 1]))
    g = helper.make_graph(nodes, name, [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None] + list(shape))],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None] + list(shape))],
                          [helper.make_tensor("scale", TensorProto.FLOAT, [len(params)], params.tolist()),
                           helper.make_tensor("bias", TensorProto.FLOAT, [len(shift)], shift.tolist())])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)], producer_name="gen_group_norm.py")
    m.ir_version = 10
    if opset >= 21:
        # onnx 1.22's checker rejects GroupNormalization-18 as deprecated (its per-group scale was the reason for 21);
        # ONNX Runtime still runs it, and files of that opset exist
        onnx.checker.check_model(m)
    return m


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    specs = [
        ("group_norm21_nchw_transposed", (5, 4, 6), 3, -1, 1e-3, 21, False, True),
        ("group_norm18_nchw", (6, 3, 4), 2, 1, 1e-2, 18, True, False),
        ("group_norm21_sequence", (4, 7), 4, 1, 1e-5, 21, False, False),
    ]
    for name, shape, groups, axis, eps, opset, per_group, channels_last in specs:
        km, gamma, beta = model(name, shape, groups, axis, eps, per_group)
        proto = graph(name, shape, groups, eps, opset, gamma, beta, channels_last)
        dest = os.path.join(args.out, name)
        os.makedirs(dest, exist_ok=True)
        path = os.path.join(dest, "model.onnx")
        onnx.save(proto, path)
        sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        cases, worst = [], 0.0
        for ci, batch in enumerate((1, 3)):
            x = (1.7 * np.sin(0.37 * np.arange(batch * np.prod(shape)) + ci) + 0.3).astype(np.float32)
            x = x.reshape((batch,) + shape)
            y = km(x, training=False).numpy()
            worst = max(worst, float(np.max(np.abs(sess.run(["y"], {"x": x})[0] - y))))
            cases.append({"name": f"batch{batch}",
                          "inputs": [{"name": "x", "shape": list(x.shape), "dtype": "float32", "data": floats(x)}],
                          "outputs": [{"name": "y", "shape": list(y.shape), "dtype": "float32", "data": floats(y)}]})
        doc = {"fixture": name,
               "description": f"Keras GroupNormalization(groups={groups}, axis={axis}, epsilon={eps}) on {shape} as "
                              f"ONNX GroupNormalization-{opset}" + (" between Transposes" if channels_last else ""),
               "producer": {"tool": "tf-keras", "version": keras.__version__, "tensorflow": tf.__version__,
                            "writer": "onnx.helper", "onnx": onnx.__version__, "opset": opset,
                            "onnxruntime": ort.__version__, "onnxruntimeMaxAbsDiff": worst,
                            "script": "io-onnx/src/test/fixtures-gen/tf2onnx/gen_group_norm.py"},
               "model": "model.onnx", "tolerance": {"rtol": 1e-5, "atol": 1e-6},
               "inputNames": ["x"], "outputNames": ["y"], "cases": cases}
        with open(os.path.join(dest, "cases.json"), "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
        print(name, "ort max abs diff", worst)


if __name__ == "__main__":
    main()
