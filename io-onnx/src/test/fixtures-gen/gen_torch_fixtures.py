#!/usr/bin/python3
"""Engram io-onnx's own PyTorch -> ONNX fixtures (architectures the shared set does not have).

Writes ../resources/torch-onnx/<name>/{model.onnx, cases.json} in the schema of
shared/fixtures/README.md section 1 (+ opset, dynamicAxes, opTypes). Expected outputs are torch's
eager forward() in float32. Run with Debian 12's system python3 (see README.md here):

    /usr/bin/python3 gen_torch_fixtures.py [--image-only | --conv1d-only]
"""
import collections
import json
import os
import sys

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


class UpsampleNearest(nn.Module):
    """Conv2d(2->3, 3, padding 1) -> ReLU -> Upsample(scale (2, 3), nearest) -> Conv2d(3->2, 1); NCHW."""
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 3, 3, padding=1)
        self.up = nn.Upsample(scale_factor=(2, 3), mode="nearest")
        self.out = nn.Conv2d(3, 2, 1)

    def forward(self, x):
        return self.out(self.up(torch.relu(self.conv(x))))


class UpsampleBilinear(nn.Module):
    """Upsample(scale 2, bilinear) -> Conv2d(2->3, 1) -> Upsample(scale 1.5, bilinear, align_corners); NCHW."""
    def __init__(self):
        super().__init__()
        self.up = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)
        self.conv = nn.Conv2d(2, 3, 1)
        self.up2 = nn.Upsample(scale_factor=1.5, mode="bilinear", align_corners=True)

    def forward(self, x):
        return self.up2(self.conv(self.up(x)))


class Conv3dNet(nn.Module):
    """Conv3d(2->3, (2, 3, 2), stride (1, 2, 1)) -> ReLU -> Conv3d(3->2, 1) -> Flatten -> Linear(., 2); NCDHW."""
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv3d(2, 3, (2, 3, 2), stride=(1, 2, 1))
        self.conv2 = nn.Conv3d(3, 2, 1)
        self.fc = nn.Linear(2 * 3 * 2 * 5, 2)

    def forward(self, x):
        return self.fc(torch.flatten(self.conv2(torch.relu(self.conv(x))), 1))


class ConvTranspose1dNet(nn.Module):
    """ConvTranspose1d(2->3, 3, stride 2) -> ReLU -> ConvTranspose1d(3->2, 2, dilation 2) -> Flatten -> Linear; NCL."""
    def __init__(self):
        super().__init__()
        self.up = nn.ConvTranspose1d(2, 3, 3, stride=2)
        self.up2 = nn.ConvTranspose1d(3, 2, 2, dilation=2)
        self.fc = nn.Linear(2 * 13, 2)

    def forward(self, x):
        return self.fc(torch.flatten(self.up2(torch.relu(self.up(x))), 1))


class Conv1dNet(nn.Module):
    """Conv1d(3->4, 3, stride 2, padding 1) -> ReLU -> Conv1d(4->6, 2, dilation 2, groups 2) -> Tanh -> MaxPool1d(2)
    -> Flatten -> Linear; NCL. The symmetric padding 1 on 11 steps with stride 2 is TF's same split."""
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(3, 4, 3, stride=2, padding=1)
        self.conv2 = nn.Conv1d(4, 6, 2, dilation=2, groups=2)
        self.pool = nn.MaxPool1d(2)
        self.fc = nn.Linear(6 * 2, 2)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(torch.tanh(self.conv2(torch.relu(self.conv(x))))), 1))


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
    if "--conv1d-only" in sys.argv:
        conv1d()
        return
    if "--image-only" not in sys.argv:
        recurrent()
    image()
    conv1d()


def recurrent():
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


def image():
    """Issue 18, ONNX -> layer import of image ops (ImageImportFixturesTest); seeded on its own, so --image-only
    writes the same numbers as a full run."""
    torch.manual_seed(18)
    batch = {"x": {0: "batch"}, "y": {0: "batch"}}
    write("upsample_nearest_conv", "Conv2d(2->3, 3, padding 1) -> ReLU -> Upsample(scale (2, 3), nearest) -> "
          "Conv2d(3->2, 1), NCHW [2, 4, 5]; dynamic batch", perturb(UpsampleNearest()), ["x"],
          [("batch1", [rand(1, 2, 4, 5)]), ("batch3", [rand(3, 2, 4, 5)])], 13, batch)
    write("upsample_bilinear", "Upsample(scale 2, bilinear) -> Conv2d(2->3, 1) -> Upsample(scale 1.5, bilinear, "
          "align_corners), NCHW [2, 3, 4]; dynamic batch", perturb(UpsampleBilinear()), ["x"],
          [("batch1", [rand(1, 2, 3, 4)]), ("batch2", [rand(2, 2, 3, 4)])], 11, batch)
    write("conv3d_linear", "Conv3d(2->3, (2, 3, 2), stride (1, 2, 1)) -> ReLU -> Conv3d(3->2, 1) -> Flatten -> "
          "Linear(60, 2), NCDHW [2, 4, 5, 6]; dynamic batch", perturb(Conv3dNet()), ["x"],
          [("batch1", [rand(1, 2, 4, 5, 6)]), ("batch2", [rand(2, 2, 4, 5, 6)])], 13, batch)
    write("conv_transpose1d_linear", "ConvTranspose1d(2->3, 3, stride 2) -> ReLU -> ConvTranspose1d(3->2, 2, "
          "dilation 2) -> Flatten -> Linear(26, 2), NCL [2, 5]; dynamic batch", perturb(ConvTranspose1dNet()), ["x"],
          [("batch1", [rand(1, 2, 5)]), ("batch3", [rand(3, 2, 5)])], 13, batch)


def conv1d():
    """Channels-first Conv1D import (c1f, ImageImportFixturesTest); seeded on its own like image()."""
    torch.manual_seed(1801)
    batch = {"x": {0: "batch"}, "y": {0: "batch"}}
    write("conv1d_ncl_linear", "Conv1d(3->4, 3, stride 2, padding 1) -> ReLU -> Conv1d(4->6, 2, dilation 2, groups 2) -> "
          "Tanh -> MaxPool1d(2) -> Flatten -> Linear(12, 2), NCL [3, 11]; dynamic batch", perturb(Conv1dNet()), ["x"],
          [("batch1", [rand(1, 3, 11)]), ("batch3", [rand(3, 3, 11)])], 13, batch)


if __name__ == "__main__":
    main()
