#!/usr/bin/env bash
# Creates the pinned Python venv for io-keras's fixture generator and interop tests:
#   io-keras/target/keras-venv (git-ignored; ~2 GB; pip install took ~50 s on the dev machine).
# Usage: bash io-keras/src/test/interop/keras/setup_venv.sh [python3.11]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$(cd "$here/../../../.." && pwd)"
py="${1:-python3}"
venv="$module/target/keras-venv"
if [ ! -x "$venv/bin/python" ]; then
  "$py" -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check -r "$module/src/test/fixtures-gen/keras/requirements.txt"
"$venv/bin/python" -c "import tf_keras, keras, h5py; print('tf_keras', tf_keras.__version__, 'keras', keras.__version__)"
