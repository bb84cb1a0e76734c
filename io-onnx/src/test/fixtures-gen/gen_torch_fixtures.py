#!/usr/bin/python3
"""Engram io-onnx's own PyTorch -> ONNX fixtures (architectures the shared set does not have).

Writes ../resources/torch-onnx/<name>/{model.onnx, cases.json} in the schema of
shared/fixtures/README.md section 1 (+ opset, dynamicAxes, opTypes). Expected outputs are torch's
eager forward() in float32. Run with Debian 12's system python3 (see README.md here):

    /usr/bin/python3 gen_torch_fixtures.py
"""
import collections
import json
import os

import numpy as np
import onnx
import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "torch-onnx")
torch.manual_seed(20240611)
torch.set_num_threads(1)


class Lstm2PerStep(nn.Module):
    """nn.LSTM(3->6, 2 layers, batch_first) -> Linear(6, 2) on every step."""
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 6, num_layers=2, batch_first=True)
        self.fc = nn.Linear(6, 2)

    def forward(self, x):
        y, _ = self.lstm(x)
        return self.fc(y)


class BiGruLast(nn.Module):
    """bidirectional nn.GRU(3->5, batch_first) -> Linear(10, 2) on the last step."""
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(3, 5, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(10, 2)

    def forward(self, x):
        y, _ = self.gru(x)
        return self.fc(y[:, -1, :])


class RnnRelu2Hn(nn.Module):
    """nn.RNN(4->6, relu, 2 layers, time-major) -> Linear(6, 1) on h_n of the top layer."""
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(4, 6, num_layers=2, nonlinearity="relu")
        self.fc = nn.Linear(6, 1)

    def forward(self, x):
        _, hn = self.rnn(x)
        return self.fc(hn[-1])


class LstmInitialState(nn.Module):
    """nn.LSTM(2->4, batch_first) with h0, c0 given as inputs -> Linear(4, 3) on the last step."""
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(2, 4, batch_first=True)
        self.fc = nn.Linear(4, 3)

    def forward(self, x, h0, c0):
        y, _ = self.lstm(x, (h0, c0))
        return self.fc(y[:, -1, :])


def perturb(model):
    """Shift every parameter by a deterministic asymmetric ramp so biases and gates all differ."""
    with torch.no_grad():
        for k, p in enumerate(model.parameters()):
            ramp = torch.arange(p.numel(), dtype=torch.float32).reshape(p.shape)
            p.add_(0.2 * torch.sin(0.7 * ramp + k))
    return model


def tensor_json(name, t):
    a = t.detach().numpy().astype(np.float32)
    return {"name": name, "shape": list(a.shape), "dtype": "float32",
            "data": [float(v) for v in a.reshape(-1)]}


def write(name, description, model, input_names, cases, opset, dynamic_axes):
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "model.onnx")
    model.eval()
    example = cases[0][1]
    torch.onnx.export(model, tuple(example), path, input_names=input_names, output_names=["y"],
                      opset_version=opset, do_constant_folding=True, dynamic_axes=dynamic_axes)
    m = onnx.load(path)
    onnx.checker.check_model(m)
    ops = collections.Counter(n.op_type for n in m.graph.node)
    out = []
    for case_name, inputs in cases:
        with torch.no_grad():
            y = model(*inputs)
        out.append({"name": case_name,
                    "inputs": [tensor_json(n, t) for n, t in zip(input_names, inputs)],
                    "outputs": [tensor_json("y", y)]})
    doc = {"fixture": name, "description": description,
           "producer": {"tool": "PyTorch", "version": torch.__version__, "exporter": "torch.onnx.export",
                        "onnxPackage": onnx.__version__},
           "model": "model.onnx", "opset": opset, "dynamicAxes": dynamic_axes,
           "tolerance": {"rtol": 1e-5, "atol": 1e-6},
           "inputNames": input_names, "outputNames": ["y"], "opTypes": sorted(ops), "cases": out}
    with open(os.path.join(d, "cases.json"), "w") as f:
        json.dump(doc, f, indent=1)
    print(name, dict(ops))


def rand(*shape):
    return torch.randn(*shape) * 1.5


def main():
    write("lstm2_batchfirst_perstep", "nn.LSTM(3->6, 2 layers, batch_first) -> Linear(6,2) on every step; "
          "dynamic batch and seq", perturb(Lstm2PerStep()), ["x"],
          [("batch1_seq4", [rand(1, 4, 3)]), ("batch3_seq6", [rand(3, 6, 3)]), ("batch2_seq1", [rand(2, 1, 3)])],
          17, {"x": {0: "batch", 1: "seq"}, "y": {0: "batch", 1: "seq"}})
    write("bigru_batchfirst_last", "bidirectional nn.GRU(3->5, batch_first) -> y[:, -1] -> Linear(10,2); "
          "dynamic batch and seq", perturb(BiGruLast()), ["x"],
          [("batch1_seq5", [rand(1, 5, 3)]), ("batch4_seq3", [rand(4, 3, 3)])],
          14, {"x": {0: "batch", 1: "seq"}, "y": {0: "batch"}})
    write("rnn_relu2_seqfirst_hn", "nn.RNN(4->6, relu, 2 layers, time-major) -> h_n[-1] -> Linear(6,1); "
          "dynamic seq and batch", perturb(RnnRelu2Hn()), ["x"],
          [("seq5_batch2", [rand(5, 2, 4)]), ("seq2_batch3", [rand(2, 3, 4)])],
          15, {"x": {0: "seq", 1: "batch"}, "y": {0: "batch"}})
    write("lstm_initial_state_inputs", "nn.LSTM(2->4, batch_first) with h0, c0 as graph inputs -> y[:, -1] "
          "-> Linear(4,3); dynamic batch", perturb(LstmInitialState()), ["x", "h0", "c0"],
          [("batch2_seq3", [rand(2, 3, 2), rand(1, 2, 4) * 0.5, rand(1, 2, 4) * 0.5]),
           ("batch1_seq4", [rand(1, 4, 2), rand(1, 1, 4) * 0.5, rand(1, 1, 4) * 0.5])],
          14, {"x": {0: "batch", 1: "seq"}, "h0": {1: "batch"}, "c0": {1: "batch"}, "y": {0: "batch"}})


if __name__ == "__main__":
    main()
