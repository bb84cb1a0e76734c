#!/usr/bin/env bash
# Live check of `engram convert` -> each reader that loads the target (run by .ci/run after the peers and
# the cli jar are built): peer-made fixtures are converted by the CLI and the real readers must predict the
# fixtures' own expected outputs, or refuse a file they would misread.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../../.." && pwd)"
py="$root/io-keras/target/keras-venv/bin/python"
check="$root/io-keras/src/test/interop/cases_check.py"
engram="$root/cli/src/main/sh/engram"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# A tf-keras functional graph (two inputs, two outputs, a shared layer, merges).
k2="$root/io-keras/src/test/resources/keras/tfkeras2"
f="functional_two_in_two_out"
"$engram" convert "$k2/$f.h5" "$tmp/$f.keras"
"$engram" convert "$k2/$f.h5" "$tmp/${f}_k3.h5" --dialect keras3
"$engram" convert "$k2/$f.h5" "$tmp/${f}_k2.h5"
"$engram" convert "$k2/$f.h5" "$tmp/${f}_tfjs"
"$engram" convert "$k2/$f.h5" "$tmp/$f.onnx"
"$engram" compare "$tmp/$f.onnx" --cases "$k2/$f.cases.json" > /dev/null
"$py" "$check" --reader keras3 --model "$tmp/$f.keras" --cases "$k2/$f.cases.json"
"$py" "$check" --reader keras3 --model "$tmp/${f}_k3.h5" --cases "$k2/$f.cases.json"
"$py" "$check" --reader keras3 --model "$tmp/${f}_k2.h5" --cases "$k2/$f.cases.json"
"$py" "$check" --reader tfkeras2 --model "$tmp/${f}_k2.h5" --cases "$k2/$f.cases.json"
"$py" "$check" --reader tfjs --model "$tmp/${f}_tfjs" --cases "$k2/$f.cases.json"

# TF.js LSTMs: with sigmoid gates every Keras reader loads the h5; with TF.js's hard_sigmoid (0.2x+0.5)
# tf-keras loads it and Keras 3 (which reads the name as x/6+0.5) must refuse it.
for t in lstm_options_forward lstm_stack_rmsprop; do
  d="$root/engine/src/test/resources/tfjs/$t"
  "$engram" convert "$d" "$tmp/$t.h5"
  "$engram" convert "$d" "$tmp/${t}_web"
  "$py" "$check" --reader tfkeras2 --model "$tmp/$t.h5" --cases "$d/cases.json"
  "$py" "$check" --reader tfjs --model "$tmp/${t}_web" --cases "$d/cases.json"
done
"$py" "$check" --reader keras3 --model "$tmp/lstm_options_forward.h5" \
  --cases "$root/engine/src/test/resources/tfjs/lstm_options_forward/cases.json"
"$py" "$check" --reader keras3 --model "$tmp/lstm_stack_rmsprop.h5" \
  --cases "$root/engine/src/test/resources/tfjs/lstm_stack_rmsprop/cases.json" --refused "Unrecognized keyword"
echo "engram convert -> readers: all checks passed"
