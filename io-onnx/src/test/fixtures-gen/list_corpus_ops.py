"""Lists every ONNX operator, with the attribute values that select its variant, that the corpus's exporters wrote:
tf2onnx 1.17 (../resources/tf2onnx/corpus_*) and PyTorch 2.9's TorchScript and dynamo exporters
(../resources/torch2-onnx/*), walking into Loop/Scan/If bodies. Writes ../resources/corpus-ops.json:
{"opTypes": {op: [fixtures]}, "variants": {"Op(attr=value,...)": [fixtures]}}. OnnxCorpusTest checks that Engram
implements every listed op type.

    target-venvs/torch/bin/python list_corpus_ops.py        (any Python with onnx 1.22)
"""
import glob
import json
import os

import onnx

HERE = os.path.dirname(os.path.abspath(__file__))
RES = os.path.join(HERE, "..", "resources")
SKIP_ATTRS = {"value", "value_float", "value_ints", "value_floats"}


def variant(node):
    keep = []
    for a in node.attribute:
        if a.type in (onnx.AttributeProto.GRAPH, onnx.AttributeProto.GRAPHS) or a.name in SKIP_ATTRS:
            continue
        v = onnx.helper.get_attribute_value(a)
        if isinstance(v, bytes):
            v = v.decode()
        if isinstance(v, list):
            v = [x.decode() if isinstance(x, bytes) else round(x, 6) if isinstance(x, float) else x for x in v]
        if isinstance(v, float):
            v = round(v, 6)
        if isinstance(v, onnx.TensorProto):
            v = "tensor"
        keep.append("%s=%s" % (a.name, v))
    return "%s(%s)" % (node.op_type, ",".join(sorted(keep)))


def walk(graph, where):
    stack = [(graph, where)]
    while stack:
        g, w = stack.pop()
        for n in g.node:
            yield n, w
            for a in n.attribute:
                if a.type == onnx.AttributeProto.GRAPH:
                    stack.append((a.g, w + " (" + n.op_type + " " + a.name + ")"))
                for sub in a.graphs:
                    stack.append((sub, w + " (" + n.op_type + " " + a.name + ")"))


def main():
    files = sorted(glob.glob(os.path.join(RES, "tf2onnx", "corpus_*", "model.onnx")) +
                   glob.glob(os.path.join(RES, "torch2-onnx", "*", "model.onnx")))
    ops, variants = {}, {}
    for f in files:
        name = os.path.relpath(os.path.dirname(f), RES)
        m = onnx.load(f, load_external_data=False)
        for n, w in walk(m.graph, name):
            ops.setdefault(n.op_type, set()).add(name)
            variants.setdefault(variant(n), set()).add(w)
    doc = {"note": "written by io-onnx/src/test/fixtures-gen/list_corpus_ops.py from the committed corpus models",
           "models": len(files),
           "opTypes": {k: sorted(v) for k, v in sorted(ops.items())},
           "variants": {k: sorted(v) for k, v in sorted(variants.items())}}
    with open(os.path.join(RES, "corpus-ops.json"), "w") as fh:
        json.dump(doc, fh, indent=1)
        fh.write("\n")
    print(len(files), "models,", len(ops), "op types,", len(variants), "variants:", ", ".join(sorted(ops)))


if __name__ == "__main__":
    main()
