#!/usr/bin/env bash
# Side-by-side runner: W1-W6 and GEMM on Engram, Deeplearning4j, TensorFlow.js (cpu, wasm),
# ONNX Runtime Java (inference, on the models Engram exports through io-onnx and on PyTorch-form
# sigmoid-gate models), PyTorch CPU and numpy (OpenBLAS sgemm). Gate kinds: Engram runs both the
# TF.js default hard sigmoid (engram-hard-*) and sigmoid (engram-sigmoid-*), and the PyTorch-form ONNX
# files through OnnxModel.predict (engram-onnx-*); torch, DL4J and onnxruntime-torchform use sigmoid,
# TF.js and onnxruntime-export (Engram's export of the hard-sigmoid model) hard sigmoid. W5/W6 (GRU) run
# on Engram, torch and ONNX Runtime only. Peers run alternately, one process per (peer, workload), ROUNDS times, in a rotated
# order each round; the load average is recorded with every run. Results: benchmarks/results/<stamp>.{md,json}
# (raw lines in <stamp>.raw.jsonl). One command from the repository root:
#
#   benchmarks/peers/run-all.sh                 # everything, 3 rounds
#   ROUNDS=5 WORKLOADS="W2 W4" benchmarks/peers/run-all.sh
#   QUICK=1 benchmarks/peers/run-all.sh         # the whole table in a short window: 1 round, fewer reps
#   WORKLOADS=CNN PEERS="engram tfjs-wasm tfjs-cpu torch" benchmarks/peers/run-all.sh   # the MNIST convnet (issue 18)
#
# Knobs: ROUNDS (3), WORKLOADS ("GEMM W1 W2 W4 W3"), PEERS (all: "engram dl4j tfjs-wasm tfjs-cpu
# onnxruntime torch numpy"), QUICK=1 (ROUNDS 1, 2 epochs, 2 inference passes, 300 W4 calls, peers'
# 1-thread variant only), JDK25 (the second JDK whose engram25-* rows sit beside engram-*; default the
# Temurin 25 JDK when installed, JDK25= to skip), PEER_TIMEOUT (900 s per process; a peer over it is recorded as failed), DL4J_THREADS / TORCH_THREADS ("1 2"), SKIP_BUILD=1 to reuse built jars.
# Needs: JDK 17, Maven, Node 20, /usr/bin/python3 with python3-torch and numpy (and, without torch, the
# onnx package for peers/onnx/torch_form.py; PY=/path/to/python overrides) (apt-get install -y
# python3-torch libopenblas0-pthread: without OpenBLAS, Debian's numpy/torch fall back to reference BLAS
# and are ~15x slower).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PEERS_DIR="$ROOT/benchmarks/peers"
QUICK="${QUICK:-}"
# Quick mode: the same rows in a short window (fewer rounds and repetitions; same-round ratios still hold).
QUICK_ENV=""
if [[ -n "$QUICK" ]]; then
  ROUNDS="${ROUNDS:-1}"
  QUICK_ENV="BENCH_EPOCHS=2 BENCH_INFER_REPS=2 BENCH_CALLS=300"
  DL4J_THREADS="${DL4J_THREADS:-1}"
  TORCH_THREADS="${TORCH_THREADS:-1}"
fi
ROUNDS="${ROUNDS:-3}"
WORKLOADS="${WORKLOADS:-GEMM W1 W2 W4 W3 W5 W6 CNN MHA}"
PEERS="${PEERS:-engram dl4j tfjs-wasm tfjs-cpu onnxruntime torch numpy}"
# Thread variants for the workloads (GEMM always runs 1 and 2). Under load, OpenMP peers with 2 threads
# spin against other processes and slow down 5-13x, so a loaded run may use DL4J_THREADS=1 TORCH_THREADS=1.
DL4J_THREADS="${DL4J_THREADS:-1 2}"
TORCH_THREADS="${TORCH_THREADS:-1 2}"
PY="${PY:-/usr/bin/python3}"
STAMP="$(date -u +%Y-%m-%dT%H%MZ)"
OUT="$ROOT/benchmarks/results"
RAW="$OUT/$STAMP.raw.jsonl"
mkdir -p "$OUT"
ONNX_DIR="$(mktemp -d)"
trap 'rm -rf "$ONNX_DIR"' EXIT
has() { [[ " $PEERS " == *" $1 "* ]]; }

if [[ -z "${SKIP_BUILD:-}" ]]; then
  echo "== building" >&2
  (cd "$ROOT" && mvn -B -q -pl benchmarks -am package -DskipTests) >&2
  has dl4j && (cd "$PEERS_DIR/dl4j" && mvn -B -q package) >&2
  has onnxruntime && (cd "$PEERS_DIR/onnx" && mvn -B -q package) >&2
  if has tfjs-wasm || has tfjs-cpu; then (cd "$PEERS_DIR/tfjs" && npm ci --no-audit --no-fund -s) >&2; fi
fi
ENGRAM=(java --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx4g -cp "$ROOT/benchmarks/target/benchmarks.jar")
# The same jar (compiled for release 17) on a second JDK: the engram25-* rows (issue 13: JDK 25).
JDK25="${JDK25-/usr/lib/jvm/temurin-25-jdk-amd64}"
ENGRAM25=()
[[ -n "$JDK25" && -x "$JDK25/bin/java" ]] && \
  ENGRAM25=("$JDK25/bin/java" --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx4g -cp "$ROOT/benchmarks/target/benchmarks.jar")
"${ENGRAM[@]}" dev.engram.bench.EngramPeer export "$ONNX_DIR" 2>/dev/null
# The PyTorch-form sigmoid-gate models (torch.onnx.export with torch, else a plain onnx script).
"$PY" "$PEERS_DIR/onnx/torch_form.py" "$ONNX_DIR" >&2 || echo "== torch_form.py failed: no torch-form rows" >&2
DL4J_CP="$PEERS_DIR/dl4j/target/classes:$(cat "$PEERS_DIR/dl4j/target/classpath.txt" 2>/dev/null || true)"
ORT_CP="$PEERS_DIR/onnx/target/classes:$(cat "$PEERS_DIR/onnx/target/classpath.txt" 2>/dev/null || true)"

# Per-peer training subsets for the slow peers (throughput is per sample; the subset is recorded).
limits() { # peer workload -> env assignments
  case "$1:$2" in
    tfjs-cpu:W2) echo "BENCH_TRAIN_SAMPLES=512 BENCH_INFER_SAMPLES=1024 BENCH_EPOCHS=2 BENCH_INFER_REPS=2" ;;
    tfjs-wasm:W2) echo "BENCH_TRAIN_SAMPLES=1024 BENCH_INFER_SAMPLES=2048 BENCH_EPOCHS=2 BENCH_INFER_REPS=2" ;;
    tfjs-*:W3) echo "BENCH_TRAIN_SAMPLES=128 BENCH_INFER_SAMPLES=256 BENCH_EPOCHS=2 BENCH_INFER_REPS=2" ;;
    tfjs-*:W4) echo "BENCH_CALLS=300" ;;
    tfjs-*:CNN) echo "BENCH_TRAIN_SAMPLES=512 BENCH_EPOCHS=2 BENCH_INFER_REPS=2" ;;
    dl4j*:W2) echo "BENCH_TRAIN_SAMPLES=2048" ;;
    dl4j*:W3) echo "BENCH_TRAIN_SAMPLES=512 BENCH_EPOCHS=2" ;;
    *:W3 | *:W6) echo "BENCH_TRAIN_SAMPLES=2048" ;;
    *) echo "" ;;
  esac
}

# Variants (peer name -> command prefix); a peer may have several (threads).
variants() { # workload -> lines "label|env|command..."
  local w="$1"
  # W1 (whole process, tiny model) runs one variant per peer: the last of its thread list.
  has engram && for t in 1 2; do
    [[ "$w" == W1 && $t == 1 ]] && continue
    # CNN and MHA have no recurrent gates: one Engram variant per thread count, paired with every peer.
    [[ "$w" == CNN || "$w" == MHA ]] && echo "engram-t$t||${ENGRAM[*]} -Dengram.kernels.threads=$t dev.engram.bench.EngramPeer $w" && continue
    for g in hard sigmoid; do
      [[ "$w" == W1 || "$w" == GEMM ]] && [[ $g == sigmoid ]] && continue
      echo "engram-$g-t$t|BENCH_GATES=$g|${ENGRAM[*]} -Dengram.kernels.threads=$t dev.engram.bench.EngramPeer $w"
    done
    [[ "$w" == W[2-6] && -f "$ONNX_DIR/${w,,}-torchform.onnx" ]] && \
      echo "engram-onnx-t$t||${ENGRAM[*]} -Dengram.kernels.threads=$t dev.engram.bench.EngramPeer onnx $ONNX_DIR $w"
  done
  # JDK 25: both gate kinds with the default (2) kernel threads.
  has engram && [[ ${#ENGRAM25[@]} -gt 0 ]] && for g in hard sigmoid; do
    [[ "$w" == W1 || "$w" == GEMM || "$w" == CNN || "$w" == MHA ]] && [[ $g == sigmoid ]] && continue
    echo "engram25-$g-t2|BENCH_GATES=$g|${ENGRAM25[*]} -Dengram.kernels.threads=2 dev.engram.bench.EngramPeer $w"
  done
  has dl4j && [[ "$w" != W5 && "$w" != W6 && "$w" != CNN && "$w" != MHA ]] && for t in $( [[ "$w" == GEMM ]] && echo 1 2 || echo "$DL4J_THREADS"); do
    [[ "$w" == W1 && $t != "${DL4J_THREADS##* }" ]] && continue
    echo "dl4j-omp$t|OMP_NUM_THREADS=$t|java -Xmx6g -cp $DL4J_CP dev.engram.bench.dl4j.Dl4jPeer $w"
  done
  # MHA (MultiHeadAttention inference, issue 18): Engram and ONNX Runtime on Engram's export only (TF.js has no
  # MultiHeadAttention layer)
  if [[ "$w" != W5 && "$w" != W6 && "$w" != MHA ]] && [[ "$w" != GEMM || "${TFJS_GEMM:-1}" == 1 ]]; then
    has tfjs-wasm && echo "tfjs-wasm||node $PEERS_DIR/tfjs/harness.js wasm $w"
    has tfjs-cpu && [[ "$w" != GEMM ]] && echo "tfjs-cpu||node $PEERS_DIR/tfjs/harness.js cpu $w"
  fi
  has onnxruntime && [[ "$w" == W[2-6] || "$w" == MHA ]] && for t in 1 2; do
    echo "onnxruntime-export-t$t|BENCH_THREADS=$t|java -cp $ORT_CP dev.engram.bench.ort.OrtPeer $ONNX_DIR $w export"
    [[ -f "$ONNX_DIR/${w,,}-torchform.onnx" ]] && \
      echo "onnxruntime-torchform-t$t|BENCH_THREADS=$t|java -cp $ORT_CP dev.engram.bench.ort.OrtPeer $ONNX_DIR $w torchform"
  done
  has torch && [[ "$w" != MHA ]] && for t in $( [[ "$w" == GEMM ]] && echo 1 2 || echo "$TORCH_THREADS"); do
    [[ "$w" == W1 && $t != "${TORCH_THREADS%% *}" ]] && continue
    echo "torch-t$t|BENCH_THREADS=$t OMP_NUM_THREADS=$t|$PY $PEERS_DIR/torch/harness.py $w"
  done
  has numpy && [[ "$w" == GEMM ]] && for t in 1 2; do
    echo "numpy-t$t|OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t|$PY $PEERS_DIR/numpy_gemm.py"
  done
  return 0
}

CPU="$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)"
echo "== $STAMP on $CPU, $(nproc) cores; rounds=$ROUNDS workloads=[$WORKLOADS]" >&2
for round in $(seq 1 "$ROUNDS"); do
  for w in $WORKLOADS; do
    mapfile -t V < <(variants "$w")
    n=${#V[@]}
    for ((j = 0; j < n; j++)); do
      line="${V[$(((j + round - 1) % n))]}"   # rotate the order each round
      label="${line%%|*}"; rest="${line#*|}"; envs="${rest%%|*}"; cmd="${rest#*|}"
      peer="${label%%-t[0-9]}"; peer="${peer%%-omp[0-9]}"
      load="$(cut -d' ' -f1 /proc/loadavg)"
      t0=$(date +%s.%N)
      res="$(cd "$PEERS_DIR" && env $envs $(limits "$peer" "$w") $QUICK_ENV timeout "${PEER_TIMEOUT:-900}" $cmd 2>/dev/null | grep '^RESULT ' || true)"
      t1=$(date +%s.%N)
      wall=$(echo "$t1 - $t0" | bc)
      if [[ -z "$res" ]]; then
        echo "   round $round $w $label: FAILED" >&2
        echo "{\"label\": \"$label\", \"workload\": \"$w\", \"round\": $round, \"load1\": $load, \"failed\": true}" >> "$RAW"
        continue
      fi
      while IFS= read -r r; do
        echo "${r#RESULT } " | $PY -c "import json,sys; d=json.loads(sys.stdin.read()); d.update(label='$label', round=$round, load1=$load, process_wall_s=$wall); print(json.dumps(d))" >> "$RAW"
      done <<< "$res"
      echo "   round $round $w $label: ${wall}s (load $load)" >&2
    done
  done
done
$PY "$PEERS_DIR/aggregate.py" "$RAW" "$OUT/$STAMP" "$CPU"
cp "$OUT/$STAMP.md" "$OUT/latest.md"
cp "$OUT/$STAMP.json" "$OUT/latest.json"
echo "== wrote $OUT/$STAMP.md and $OUT/$STAMP.json" >&2
