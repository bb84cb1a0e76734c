"""Writes the ONNX models of W2-W6 in PyTorch's form, with sigmoid gates, for ONNX Runtime and Engram's
OnnxModel: <dir>/w2-torchform.onnx ... w6-torchform.onnx.

The model is nn.LSTM / nn.GRU (batch_first=True) followed by nn.Linear on the last hidden state (and
a softmax for W3/W6), the graph torch.onnx.export writes for it:
  x [N, T, F] -> Transpose(1, 0, 2) -> LSTM|GRU (layout 0, default Sigmoid/Tanh, GRU
  linear_before_reset=1 as nn.GRU) -> Y_h [1, N, H] -> Reshape [-1, H] -> Gemm(transB=1) [-> Softmax]
With torch installed (the torch peer's python3-torch) the file comes from torch.onnx.export itself;
without it, the same graph is written by this plain `onnx` script (onnx==1.17.0, numpy), weights
drawn as torch initialises them (uniform +-1/sqrt(H)). Speed does not depend on the weights.

Usage: python3 torch_form.py DIR
"""
import os
import sys

import numpy as np

try:  # before peers/ joins the path: its torch/ directory would shadow the real package
    import torch
except ImportError:
    torch = None
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import common  # noqa: E402

WORKLOADS = {  # name: (cell, timesteps, features, units, outputs)
    "W2": ("LSTM", 32, 1, 64, 1),
    "W3": ("LSTM", 50, 32, 256, 10),
    "W4": ("LSTM", 50, 8, 128, 1),
    "W5": ("GRU", 32, 1, 64, 1),
    "W6": ("GRU", 50, 32, 256, 10),
}
OPSET = 14


def with_torch(path, cell, t, f, h, out):
    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = (torch.nn.LSTM if cell == "LSTM" else torch.nn.GRU)(f, h, batch_first=True)
            self.dense = torch.nn.Linear(h, out)

        def forward(self, x):
            _, state = self.rnn(x)
            hn = state[0] if cell == "LSTM" else state
            y = self.dense(hn.reshape(-1, h))
            return torch.softmax(y, dim=-1) if out > 1 else y

    torch.manual_seed(42)
    torch.onnx.export(Net().eval(), torch.zeros(1, t, f), path, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=OPSET)


def with_onnx(path, cell, t, f, h, out):
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(42)
    bound = 1 / np.sqrt(h)
    g = 4 if cell == "LSTM" else 3

    def uni(*shape):
        return numpy_helper.from_array(rng.uniform(-bound, bound, shape).astype(np.float32))

    inits = []
    for name, arr in (("W", uni(1, g * h, f)), ("R", uni(1, g * h, h)), ("B", uni(1, 2 * g * h)),
                      ("dense_w", uni(out, h)), ("dense_b", uni(out))):
        arr.name = name
        inits.append(arr)
    shape = numpy_helper.from_array(np.array([-1, h], dtype=np.int64))
    shape.name = "hshape"
    inits.append(shape)
    attrs = {"hidden_size": h}
    if cell == "GRU":
        attrs["linear_before_reset"] = 1
    nodes = [
        helper.make_node("Transpose", ["x"], ["xt"], perm=[1, 0, 2], name="/Transpose"),
        helper.make_node(cell, ["xt", "W", "R", "B"], ["Y", "Y_h"] + (["Y_c"] if cell == "LSTM" else []),
                         name="/rnn/" + cell, **attrs),
        helper.make_node("Reshape", ["Y_h", "hshape"], ["hn"], name="/Reshape"),
        helper.make_node("Gemm", ["hn", "dense_w", "dense_b"], ["logits" if out > 1 else "y"], transB=1,
                         name="/dense/Gemm"),
    ]
    if out > 1:
        nodes.append(helper.make_node("Softmax", ["logits"], ["y"], axis=-1, name="/Softmax"))
    graph = helper.make_graph(
        nodes, "torchform",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", t, f])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", out])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="engram-bench-torch-form")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, path)


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    write, how = (with_torch, "torch.onnx.export") if torch is not None else (with_onnx, "onnx script")
    for name, (cell, t, f, h, out) in WORKLOADS.items():
        assert common.SPECS.get(name, (t, f, h, out))[:4] == (t, f, h, out), name
        write(os.path.join(out_dir, name.lower() + "-torchform.onnx"), cell, t, f, h, out)
    print(f"torch-form models written by {how} to {out_dir}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
