#!/usr/bin/env bash
# Engram on Spark, W2 (LSTM(64), T=32): scoring of 1,000,000 generated sequences on local[2] against a
# plain single-JVM Predictor loop on 2 threads, and gradient-averaging training (2 partitions) against
# single-JVM fit. Prints RESULT lines (JSON) with same-run ratios. Needs the Engram artifacts installed:
#   mvn -B -q -DskipTests install && benchmarks/peers/spark/run.sh
# Each scoring line also has the process CPU time per row of both sides (cpu_ratio): on a shared
# machine the wall-time ratio follows the CPU share each side happened to get, the CPU ratio does not.
# Knobs: SEQUENCES (1000000), ROUNDS (2), WORKLOADS (score,train), JAVA_OPTS (extra JVM flags, e.g.
# -XX:StartFlightRecording=filename=spark.jfr,settings=profile to profile a run).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
(cd "$HERE" && mvn -B -q package) >&2
FLAGS="$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' "$ROOT/pom.xml")"
# shellcheck disable=SC2086
exec java --add-modules=jdk.incubator.vector $FLAGS ${JAVA_OPTS:-} -Xmx6g -Dengram.kernels.threads=1 \
  -cp "$HERE/target/classes:$(cat "$HERE/target/classpath.txt")" dev.engram.bench.spark.SparkBench \
  "${SEQUENCES:-1000000}" "${ROUNDS:-2}" "${WORKLOADS:-score,train}"
