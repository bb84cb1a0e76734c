"""PyTorch 2 part of the interop corpus (issue 12): a table of torch modules, each exported by BOTH of torch 2's ONNX
exporters -- the TorchScript-based one (``torch.onnx.export(..., dynamo=False)``) and the torch.export-based one
(``dynamo=True``, which writes the weights as external data in ``model.onnx.data``) -- with the peer's default opset.

Writes ../../resources/torch2-onnx/<name>__<exporter>/{model.onnx[, model.onnx.data], cases.json}: the schema of
shared/fixtures/README.md section 1, expected outputs = torch's eager forward() in float32 (eval mode), plus the
ONNX ops and their attribute variants and ONNX Runtime's agreement with torch (a sanity check only). A batch-dynamic
export is tried first; when an exporter refuses it the static export is used and recorded. Exports that fail are
listed in ``skipped.json`` with the exporter's error. ``ops.json`` lists every (op, attribute variant) either
exporter emitted over the table, with the fixtures that use it.

    target-venvs/torch/bin/python gen_torch2.py            (pinned in requirements.txt)
"""
import json
import os
import shutil
import sys
import warnings

import numpy as np
import onnx
import onnxruntime as ort
import torch
from torch import nn

warnings.filterwarnings("ignore")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "resources", "torch2-onnx")
torch.set_num_threads(1)


def ramp_(model):
    """Deterministic asymmetric parameters (different per tensor, gate and unit); BatchNorm statistics too."""
    with torch.no_grad():
        for k, (name, t) in enumerate(list(model.named_parameters()) + list(model.named_buffers())):
            if not t.is_floating_point():
                continue
            i = torch.arange(t.numel(), dtype=torch.float64)
            v = 0.55 * torch.sin(0.61 * i + 1.3 * k + 0.25) + 0.2 * torch.cos(0.17 * i * (k + 1)) + 0.03 * (k % 3)
            if "running_var" in name:
                v = v.abs() + 0.5
            t.copy_(v.reshape(t.shape).to(t.dtype))
    return model.eval()


class LstmLast(nn.Module):
    """nn.LSTM(3->6, batch_first) -> Linear(6, 2) on y[:, -1]"""
    def __init__(self):
        super().__init__()
        self.lstm, self.fc = nn.LSTM(3, 6, batch_first=True), nn.Linear(6, 2)

    def forward(self, x):
        return self.fc(self.lstm(x)[0][:, -1])


class Lstm2DropoutPerStep(nn.Module):
    """nn.LSTM(3->5, 2 layers, dropout 0.3 (train only), batch_first) -> Linear(5, 2) on every step"""
    def __init__(self):
        super().__init__()
        self.lstm, self.fc = nn.LSTM(3, 5, num_layers=2, dropout=0.3, batch_first=True), nn.Linear(5, 2)

    def forward(self, x):
        return self.fc(self.lstm(x)[0])


class BiLstmHn(nn.Module):
    """bidirectional nn.LSTM(2->4, batch_first) -> cat(h_n[-2], h_n[-1]) -> Linear(8, 3)"""
    def __init__(self):
        super().__init__()
        self.lstm, self.fc = nn.LSTM(2, 4, batch_first=True, bidirectional=True), nn.Linear(8, 3)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.fc(torch.cat([h[-2], h[-1]], dim=1))


class GruHnLast(nn.Module):
    """nn.GRU(4->5), time-major input [seq, batch, 4] -> fc(h_n[-1]) (the single-layer PyTorch idiom)"""
    def __init__(self):
        super().__init__()
        self.gru, self.fc = nn.GRU(4, 5), nn.Linear(5, 1)

    def forward(self, x):
        return self.fc(self.gru(x)[1][-1])


class BiGru2PerStep(nn.Module):
    """bidirectional nn.GRU(3->4, 2 layers, batch_first) -> Linear(8, 2) on every step"""
    def __init__(self):
        super().__init__()
        self.gru, self.fc = nn.GRU(3, 4, num_layers=2, batch_first=True, bidirectional=True), nn.Linear(8, 2)

    def forward(self, x):
        return self.fc(self.gru(x)[0])


class RnnNoBiasLast(nn.Module):
    """nn.RNN(3->5, tanh, bias=False, batch_first) -> Linear(5, 2, bias=False) on y[:, -1]"""
    def __init__(self):
        super().__init__()
        self.rnn, self.fc = nn.RNN(3, 5, bias=False, batch_first=True), nn.Linear(5, 2, bias=False)

    def forward(self, x):
        return self.fc(self.rnn(x)[0][:, -1])


class RnnRelu2Hn(nn.Module):
    """nn.RNN(4->6, relu, 2 layers, batch_first) -> Linear(6, 1) on h_n[-1]"""
    def __init__(self):
        super().__init__()
        self.rnn, self.fc = nn.RNN(4, 6, num_layers=2, nonlinearity="relu", batch_first=True), nn.Linear(6, 1)

    def forward(self, x):
        return self.fc(self.rnn(x)[1][-1])


class LstmInitialState(nn.Module):
    """nn.LSTM(2->4, batch_first) with (h0, c0) as graph inputs [1, batch, 4] -> Linear(4, 3) on y[:, -1]"""
    def __init__(self):
        super().__init__()
        self.lstm, self.fc = nn.LSTM(2, 4, batch_first=True), nn.Linear(4, 3)

    def forward(self, x, h0, c0):
        return self.fc(self.lstm(x, (h0, c0))[0][:, -1])


class Conv1dGlobalPool(nn.Module):
    """Conv1d(3->4, k3) -> ReLU -> Conv1d(4->5, k2, stride 2, padding 1) -> mean over time -> Linear(5, 2);
    channels-first input [batch, 3, 10]"""
    def __init__(self):
        super().__init__()
        self.c1, self.c2, self.fc = nn.Conv1d(3, 4, 3), nn.Conv1d(4, 5, 2, stride=2, padding=1), nn.Linear(5, 2)

    def forward(self, x):
        return self.fc(self.c2(torch.relu(self.c1(x))).mean(dim=2))


class Conv1dMaxPool(nn.Module):
    """Conv1d(2->4, k3) -> MaxPool1d(2) -> AdaptiveMaxPool1d(1) -> flatten -> Linear(4, 2); input [batch, 2, 9]"""
    def __init__(self):
        super().__init__()
        self.c, self.pool, self.gpool, self.fc = nn.Conv1d(2, 4, 3), nn.MaxPool1d(2), nn.AdaptiveMaxPool1d(1), nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(torch.flatten(self.gpool(self.pool(self.c(x))), 1))


class MlpActivations(nn.Module):
    """Linear(5->6) then ReLU, Tanh, Sigmoid, GELU, SiLU, ELU, Softplus, Softsign, LeakyReLU(0.1), Hardsigmoid,
    Hardtanh, ReLU6, SELU, each followed by Linear(6->6); Softmax at the end"""
    def __init__(self):
        super().__init__()
        acts = [nn.ReLU(), nn.Tanh(), nn.Sigmoid(), nn.GELU(), nn.SiLU(), nn.ELU(), nn.Softplus(), nn.Softsign(),
                nn.LeakyReLU(0.1), nn.Hardsigmoid(), nn.Hardtanh(), nn.ReLU6(), nn.SELU()]
        layers = [nn.Linear(5, 6)]
        for a in acts:
            layers += [a, nn.Linear(6, 6)]
        self.body = nn.Sequential(*layers, nn.Softmax(dim=-1))

    def forward(self, x):
        return self.body(x)


class NormsMlp(nn.Module):
    """Linear(4->6) -> LayerNorm(6) -> BatchNorm1d(6) (eval: running statistics) -> Dropout -> Linear(6->2)"""
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(4, 6), nn.LayerNorm(6), nn.BatchNorm1d(6), nn.Dropout(0.4), nn.Linear(6, 2))

    def forward(self, x):
        return self.body(x)


class EmbeddingGru(nn.Module):
    """nn.Embedding(12, 4) over int64 ids [batch, 6] -> GRU(4->5, batch_first) -> Linear(5, 2) on the last step"""
    def __init__(self):
        super().__init__()
        self.emb, self.gru, self.fc = nn.Embedding(12, 4), nn.GRU(4, 5, batch_first=True), nn.Linear(5, 2)

    def forward(self, ids):
        return self.fc(self.gru(self.emb(ids))[0][:, -1])


class TwoInTwoOut(nn.Module):
    """inputs series [batch, 5, 3] and features [batch, 3]: LSTM(3->4) last step and Linear(3->4, tanh) of the
    features -> cat, add -> outputs Linear(8->1) and softmax(Linear(4->2))"""
    def __init__(self):
        super().__init__()
        self.lstm, self.f = nn.LSTM(3, 4, batch_first=True), nn.Linear(3, 4)
        self.o1, self.o2 = nn.Linear(8, 1), nn.Linear(4, 2)

    def forward(self, series, features):
        h = self.lstm(series)[0][:, -1]
        g = torch.tanh(self.f(features))
        return self.o1(torch.cat([h, g], dim=1)), torch.softmax(self.o2(h + g), dim=-1)


class Seq2SeqRepeat(nn.Module):
    """encoder LSTM(2->5) last h repeated 3 times -> decoder LSTM(5->4) -> Linear(4, 3) on every step"""
    def __init__(self):
        super().__init__()
        self.enc, self.dec, self.fc = nn.LSTM(2, 5, batch_first=True), nn.LSTM(5, 4, batch_first=True), nn.Linear(4, 3)

    def forward(self, x):
        h = self.enc(x)[0][:, -1:, :]
        return self.fc(self.dec(h.repeat(1, 3, 1))[0])


# name, module, [(input name, per-sample shape, kind)], batch axis of each input
TABLE = [
    ("lstm_last", LstmLast, [("x", (5, 3), "f")], [0]),
    ("lstm2_dropout_perstep", Lstm2DropoutPerStep, [("x", (4, 3), "f")], [0]),
    ("bilstm_hn", BiLstmHn, [("x", (6, 2), "f")], [0]),
    ("gru_hn_last_seqfirst", GruHnLast, [("x", (5, 4), "f")], [1]),
    ("bigru2_perstep", BiGru2PerStep, [("x", (4, 3), "f")], [0]),
    ("rnn_nobias_last", RnnNoBiasLast, [("x", (5, 3), "f")], [0]),
    ("rnn_relu2_hn", RnnRelu2Hn, [("x", (4, 4), "f")], [0]),
    ("lstm_initial_state", LstmInitialState, [("x", (4, 2), "f"), ("h0", (1, 4), "f"), ("c0", (1, 4), "f")], [0, 1, 1]),
    ("conv1d_global_mean", Conv1dGlobalPool, [("x", (3, 10), "f")], [0]),
    ("conv1d_maxpool", Conv1dMaxPool, [("x", (2, 9), "f")], [0]),
    ("mlp_activations", MlpActivations, [("x", (5,), "f")], [0]),
    ("norms_mlp", NormsMlp, [("x", (4,), "f")], [0]),
    ("embedding_gru", EmbeddingGru, [("ids", (6,), "ids")], [0]),
    ("two_in_two_out", TwoInTwoOut, [("series", (5, 3), "f"), ("features", (3,), "f")], [0, 0]),
    ("seq2seq_repeat", Seq2SeqRepeat, [("x", (4, 2), "f")], [0]),
]


def make_input(shape, kind, batch, batch_axis, seed):
    """shape is per sample; the batch dimension goes at batch_axis (1 for time-major and [layers, batch, h])."""
    full = list(shape)
    full.insert(batch_axis, batch)
    n = int(np.prod(full))
    i = np.arange(n, dtype=np.float64)
    if kind == "ids":
        return torch.tensor(((i * 7 + 3 * seed) % 11 + 1).reshape(full), dtype=torch.int64)
    v = np.sin(0.83 * i + 0.41 * seed) * 1.2 + 0.3 * np.cos(0.29 * i + seed)
    return torch.tensor(v.reshape(full), dtype=torch.float32)


def attr_variant(node):
    """An op with the attributes that change its semantics, e.g. 'LSTM(direction=bidirectional,layout=0)'."""
    keep = []
    for a in node.attribute:
        if a.type == onnx.AttributeProto.GRAPH or a.name in ("value", "value_float", "value_ints"):
            continue
        v = onnx.helper.get_attribute_value(a)
        if isinstance(v, bytes):
            v = v.decode()
        if isinstance(v, list):
            v = [x.decode() if isinstance(x, bytes) else x for x in v]
        if isinstance(v, float):
            v = round(v, 6)
        keep.append("%s=%s" % (a.name, v))
    return "%s(%s)" % (node.op_type, ",".join(sorted(keep)))


def export(module, inputs, axes, path, dynamo):
    args = tuple(make_input(s, k, 2, ax, 0) for (_, s, k), ax in zip(inputs, axes))
    names = [n for n, _, _ in inputs]
    kw = dict(input_names=names, output_names=None)
    if dynamo:
        # min 2: torch.export specialises a batch that may be 1 (it guards size != 1)
        batch = torch.export.Dim("batch", min=2, max=64)
        try:
            torch.onnx.export(module, args, path, dynamo=True, input_names=names,
                              dynamic_shapes=tuple({ax: batch} for ax in axes), external_data=True)
            return "dynamic batch"
        except Exception as e:  # noqa: BLE001 - record and fall back to a static export
            print("  dynamo dynamic export failed (%s), static export" % str(e).splitlines()[0][:120])
            torch.onnx.export(module, args, path, dynamo=True, input_names=names, external_data=True)
            return "static shapes (dynamic batch refused)"
    torch.onnx.export(module, args, path, dynamo=False, input_names=names,
                      dynamic_axes={n: {ax: "batch"} for n, ax in zip(names, axes)})
    return "dynamic batch"


def floats(t):
    return [float(v) for v in np.asarray(t, dtype=np.float32).ravel()]


def main():
    only = set(sys.argv[1].split(",")) if len(sys.argv) > 1 else None
    skipped, variants = {}, {}
    for name, cls, inputs, axes in TABLE:
        if only and name not in only:
            continue
        for exporter, dynamo in (("torchscript", False), ("dynamo", True)):
            fixture = "%s__%s" % (name, exporter)
            dest = os.path.join(OUT, fixture)
            shutil.rmtree(dest, ignore_errors=True)
            os.makedirs(dest)
            torch.manual_seed(0)
            module = ramp_(cls())
            path = os.path.join(dest, "model.onnx")
            try:
                shapes = export(module, inputs, axes, path, dynamo)
                proto = onnx.load(path)
                onnx.checker.check_model(path)
                sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
            except Exception as e:  # noqa: BLE001
                skipped[fixture] = "%s: %s" % (type(e).__name__, str(e).splitlines()[0][:300] if str(e) else "")
                shutil.rmtree(dest, ignore_errors=True)
                print("SKIPPED", fixture, skipped[fixture])
                continue
            in_names = [i.name for i in proto.graph.input]
            out_names = [o.name for o in proto.graph.output]
            batches = (2, 3) if shapes == "dynamic batch" else (2,)
            cases, worst = [], 0.0
            for ci, b in enumerate(batches):
                xs = [make_input(s, k, b, ax, ci + 1 + 5 * j) for j, ((_, s, k), ax) in enumerate(zip(inputs, axes))]
                with torch.no_grad():
                    ys = module(*xs)
                ys = [y.numpy() for y in (ys if isinstance(ys, tuple) else (ys,))]
                got = sess.run(out_names, {n: x.numpy() for n, x in zip(in_names, xs)})
                worst = max(worst, max(float(np.max(np.abs(g - y))) for g, y in zip(got, ys)))
                cases.append({"name": "batch%d" % b,
                              "inputs": [{"name": n, "shape": list(x.shape),
                                          "dtype": "int64" if x.dtype == torch.int64 else "float32",
                                          "data": floats(x)} for n, x in zip(in_names, xs)],
                              "outputs": [{"name": n, "shape": list(y.shape), "dtype": "float32", "data": floats(y)}
                                          for n, y in zip(out_names, ys)]})
            ops = {}
            for node in proto.graph.node:
                ops[node.op_type] = ops.get(node.op_type, 0) + 1
                variants.setdefault(attr_variant(node), set()).add(fixture)
            doc = {
                "fixture": fixture,
                "description": cls.__doc__.strip().replace("\n    ", " "),
                "producer": {"tool": "PyTorch", "version": torch.__version__, "exporter": exporter,
                             "call": "torch.onnx.export(..., dynamo=%s)" % dynamo, "onnx": onnx.__version__,
                             "opset": next(o.version for o in proto.opset_import if o.domain in ("", "ai.onnx")),
                             "irVersion": proto.ir_version, "shapes": shapes,
                             "externalData": os.path.exists(path + ".data"),
                             "onnxruntime": ort.__version__, "onnxruntimeMaxAbsDiff": worst,
                             "script": "io-onnx/src/test/fixtures-gen/torch2/gen_torch2.py"},
                "model": "model.onnx",
                "tolerance": {"rtol": 1e-5, "atol": 1e-6},
                "inputNames": in_names, "outputNames": out_names,
                "onnxOps": sorted(ops), "onnxOpCounts": dict(sorted(ops.items())),
                "cases": cases,
            }
            with open(os.path.join(dest, "cases.json"), "w") as f:
                json.dump(doc, f, indent=1)
                f.write("\n")
            print(fixture, shapes, "ops", sorted(ops), "ort max abs diff %.2g" % worst)
    if not only:
        with open(os.path.join(OUT, "skipped.json"), "w") as f:
            json.dump(skipped, f, indent=1, sort_keys=True)
            f.write("\n")
        with open(os.path.join(OUT, "ops.json"), "w") as f:
            json.dump({k: sorted(v) for k, v in sorted(variants.items())}, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
