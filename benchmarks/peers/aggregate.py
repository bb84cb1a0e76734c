"""Aggregates run-all.sh's raw JSON lines into a markdown table and a JSON summary.

Usage: aggregate.py RAW.jsonl[,RAW2.jsonl...] OUT_PREFIX "CPU model"
(several raw files, e.g. two invocations of run-all.sh, are concatenated with their rounds renumbered
one after the other; ratios stay within one round, so within one invocation.)
Medians across rounds per variant (label); per peer the best variant; Engram/peer ratios are computed
per round (same run, same load) and the median of those ratios is reported (>1 means Engram is better).
Each peer is compared with the Engram variant of its gate kind (GATES): sigmoid peers (torch, DL4J,
ONNX Runtime on the PyTorch-form file) with engram-sigmoid, hard-sigmoid peers (TF.js, ONNX Runtime on
Engram's export) with engram-hard; engram-onnx (the PyTorch-form file through OnnxModel.predict) is also
compared with ONNX Runtime on the same file.
"""
import json
import statistics
import sys
from collections import defaultdict

sys.path.insert(0, __file__.rsplit("/", 1)[0])
FWD = {  # forward FLOPs per sample (2 * 4H(F+H) * T + Dense), see dev.engram.bench.Workloads.Spec
    "W2": 32 * 2 * 4 * 64 * (1 + 64) + 2 * 64 * 1,
    "W3": 50 * 2 * 4 * 256 * (32 + 256) + 2 * 256 * 10,
    "W4": 50 * 2 * 4 * 128 * (8 + 128) + 2 * 128 * 1,
    "W5": 32 * 2 * 3 * 64 * (1 + 64) + 2 * 64 * 1,
    "W6": 50 * 2 * 3 * 256 * (32 + 256) + 2 * 256 * 10,
    "CNN": 2 * (24 * 24 * 8 * 25 + 8 * 8 * 16 * 200 + 256 * 10),  # see dev.engram.bench.ConvnetWorkload
    # MultiHeadAttention(4, 32) self-attention on [64, 128]: 4 projections + scores + weighted sum
    "MHA": 4 * 2 * 64 * 128 * 128 + 2 * 2 * 4 * 64 * 64 * 32,
}
# Gate activation of each peer's numbers; Engram's own variants carry it in their label.
GATES = {"torch": "sigmoid", "dl4j": "sigmoid", "onnxruntime-torchform": "sigmoid", "engram-sigmoid": "sigmoid",
         "engram-onnx": "sigmoid", "tfjs-wasm": "hard_sigmoid", "tfjs-cpu": "hard_sigmoid",
         "onnxruntime-export": "hard_sigmoid", "engram-hard": "hard_sigmoid", "numpy": "-",
         "engram25-sigmoid": "sigmoid", "engram25-hard": "hard_sigmoid"}
# metric -> (higher is better, format)
METRICS = {
    "W1": [("process_wall_s", False), ("fit_predict_s", False)],
    "W2": [("train_sps", True), ("infer_sps", True)],
    "W3": [("train_sps", True), ("infer_sps", True)],
    "W4": [("latency_median_ms", False), ("latency_p99_ms", False)],
    "W5": [("train_sps", True), ("infer_sps", True)],
    "W6": [("train_sps", True), ("infer_sps", True)],
    "CNN": [("train_sps", True), ("infer_sps", True)],
    "MHA": [("infer_sps", True)],
}


def peer_of(label):
    for suffix in ("-t1", "-t2", "-omp1", "-omp2"):
        if label.endswith(suffix):
            return label[: -len(suffix)]
    return label


def med(v):
    return statistics.median(v) if v else None


def fmt(v):
    if v is None:
        return "—"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    return f"{v:.3g}"


def main(raw, prefix, cpu):
    rows, offset = [], 0
    for path in raw.split(","):
        part = [json.loads(l) for l in open(path) if l.strip()]
        for r in part:
            r["source"] = path.rsplit("/", 1)[-1]
            r["round"] += offset
        offset = max([offset] + [r["round"] for r in part])
        rows += part
    ok = [r for r in rows if not r.get("failed")]
    failed = sorted({(r["workload"], r["label"]) for r in rows if r.get("failed")})
    loads = [r["load1"] for r in rows]
    summary = {"cpu": cpu, "rounds": max(r["round"] for r in rows), "load1_min": min(loads),
               "load1_max": max(loads), "load1_median": med(loads), "failed": failed, "workloads": {}}
    md = [f"# Side-by-side results `{prefix.rsplit('/', 1)[-1]}`", "",
          f"CPU: {cpu}, 2 cores. Rounds: {summary['rounds']} (peers alternate, order rotated per round). "
          f"1-min load average during the runs: min {min(loads):.2f}, median {med(loads):.2f}, max {max(loads):.2f} "
          "(shared machine: other engineers' builds run concurrently; treat absolute numbers as noisy, "
          "the same-round ratios as the comparison).", ""]
    for w in ["GEMM", "W1", "W2", "W3", "W4", "W5", "W6", "CNN", "MHA"]:
        wr = [r for r in ok if r["workload"] == w]
        if not wr:
            continue
        md += [f"## {w}", ""]
        if w == "GEMM":
            shapes = sorted({r["shape"] for r in wr}, key=lambda s: [int(x) for x in s.split("x")])
            labels = sorted({r["label"] for r in wr})
            md.append("| variant | " + " | ".join(f"{s} GFLOP/s" for s in shapes) + " |")
            md.append("|---|" + "---|" * len(shapes))
            table = {}
            for lab in labels:
                vals = [med([r["gflops"] for r in wr if r["label"] == lab and r["shape"] == s]) for s in shapes]
                table[lab] = dict(zip(shapes, vals))
                md.append(f"| {lab} | " + " | ".join(fmt(v) for v in vals) + " |")
            md.append("")
            ratios = {}
            for t in ("t1", "t2"):
                for ref in ("numpy", "torch", "dl4j"):
                    rl = f"{ref}-{t}" if ref != "dl4j" else f"dl4j-omp{t[1]}"
                    for s in shapes:
                        per_round = []
                        for rnd in range(1, summary["rounds"] + 1):
                            e = [r["gflops"] for r in wr if r["label"] in (f"engram-{t}", f"engram-hard-{t}") and r["shape"] == s and r["round"] == rnd]
                            p = [r["gflops"] for r in wr if r["label"] == rl and r["shape"] == s and r["round"] == rnd]
                            if e and p:
                                per_round.append(e[0] / p[0])
                        if per_round:
                            ratios[f"engram-{t}/{rl} {s}"] = med(per_round)
            if ratios:
                md.append("Engram / peer GEMM GFLOP/s, same threads, median of per-round ratios:")
                md.append("")
                md.append("| pair | ratio |")
                md.append("|---|---|")
                for k, v in ratios.items():
                    md.append(f"| {k} | {v:.2f} |")
                md.append("")
            summary["workloads"][w] = {"gflops": table, "ratios": ratios}
            continue
        metrics = METRICS[w]
        labels = sorted({r["label"] for r in wr})
        head = "| variant | gates | runs | load1 | " + " | ".join(m for m, _ in metrics)
        if w in ("W2", "W3", "W5", "W6", "CNN"):
            head += " | train GFLOP/s | infer GFLOP/s"
        if w == "MHA":
            head += " | infer GFLOP/s"
        head += " |"
        md += [head, "|" + "---|" * (head.count("|") - 1)]
        per_label = {}
        for lab in labels:
            lr = [r for r in wr if r["label"] == lab]
            vals = {m: med([r[m] for r in lr if m in r]) for m, _ in metrics}
            if w in ("W2", "W3", "W5", "W6", "CNN"):
                if vals.get("train_sps"):
                    vals["train_gflops"] = vals["train_sps"] * 3 * FWD[w] / 1e9
                if vals.get("infer_sps"):
                    vals["infer_gflops"] = vals["infer_sps"] * FWD[w] / 1e9
            if w == "MHA" and vals.get("infer_sps"):
                vals["infer_gflops"] = vals["infer_sps"] * FWD[w] / 1e9
            if w == "W4" and vals.get("latency_median_ms"):
                vals["gflops"] = FWD[w] / (vals["latency_median_ms"] * 1e-3) / 1e9
            subset = sorted({r.get("train_samples") for r in lr if r.get("train_samples")})
            vals["train_samples"] = subset
            vals["runs"] = len(lr)
            per_label[lab] = vals
            cells = [fmt(vals.get(m)) for m, _ in metrics]
            if w in ("W2", "W3", "W5", "W6", "CNN"):
                cells += [fmt(vals.get("train_gflops")), fmt(vals.get("infer_gflops"))]
            if w == "MHA":
                cells.append(fmt(vals.get("infer_gflops")))
            ld = [r["load1"] for r in lr]
            note = f" (train subset {subset[0]})" if subset and subset[0] not in (8192, 4096, 2048 if w == "CNN" else 0) else ""
            if w == "W4" and vals.get("predict_latency_median_ms") is None:
                pl = med([r["predict_latency_median_ms"] for r in lr if "predict_latency_median_ms" in r])
                if pl is not None:
                    vals["predict_latency_median_ms"] = pl
                    note += f" (model.predict: {fmt(pl)} ms)"
            gates = GATES.get(peer_of(lab), '-') if w != "CNN" else "-"  # CNN has no recurrent gates
            md.append(f"| {lab}{note} | {gates} | {len(lr)} | {min(ld):.1f}-{max(ld):.1f} | " + " | ".join(cells) + " |")
        md.append("")
        # Same-round ratios: best Engram variant of the peer's gate kind vs best variant of the peer,
        # per round, then median.
        ratios = {}
        ours = {peer_of(l) for l in labels if l.startswith("engram")}
        pairs = []
        for p in sorted({peer_of(l) for l in labels} - ours):
            kind = GATES.get(p)
            mine = "engram-sigmoid" if kind == "sigmoid" else "engram-hard" if kind == "hard_sigmoid" else None
            mine = mine if mine in ours else ("engram" if "engram" in ours else None)
            if mine:
                pairs.append((mine, p))
            if p == "onnxruntime-torchform" and "engram-onnx" in ours:
                pairs.append(("engram-onnx", p))
        if "engram-onnx" in ours and "engram-sigmoid" in ours:
            pairs.append(("engram-onnx", "engram-sigmoid"))
        for kind in ("sigmoid", "hard"):  # JDK 25 against JDK 17, same jar and gates
            if f"engram25-{kind}" in ours and f"engram-{kind}" in ours:
                pairs.append((f"engram25-{kind}", f"engram-{kind}"))
        for m, higher in metrics:
            for mine, p in pairs:
                per_round = []
                for rnd in range(1, summary["rounds"] + 1):
                    e = [r[m] for r in wr if peer_of(r["label"]) == mine and r["round"] == rnd and m in r]
                    q = [r[m] for r in wr if peer_of(r["label"]) == p and r["round"] == rnd and m in r]
                    if e and q:
                        eb, qb = (max(e), max(q)) if higher else (min(e), min(q))
                        per_round.append(eb / qb if higher else qb / eb)
                if per_round:
                    ratios[f"{m} {mine} vs {p}"] = med(per_round)
        if ratios:
            md.append("Engram advantage (best variant each, same round; >1 = Engram faster): " + ", ".join(
                f"{k}: **{v:.2f}x**" for k, v in ratios.items()))
            md.append("")
        summary["workloads"][w] = {"variants": per_label, "ratios": ratios}
    if failed:
        md += ["Failed runs: " + ", ".join(f"{w} {l}" for w, l in failed), ""]
    open(prefix + ".md", "w").write("\n".join(md) + "\n")
    json.dump(summary, open(prefix + ".json", "w"), indent=1, default=str)
    print("\n".join(md))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
