"""Workload definitions shared by the Python peers (mirror of dev.engram.bench.Workloads)."""
import json
import math
import sys

import numpy as np

SPECS = {
    # name: (timesteps, features, units, outputs, batch, samples, infer_batch)
    "W2": (32, 1, 64, 1, 64, 8192, 256),
    "W3": (50, 32, 256, 10, 128, 4096, 256),
    "W4": (50, 8, 128, 1, 1, 1, 1),
    "W5": (32, 1, 64, 1, 64, 8192, 256),  # GRU(64) on W2's data
    "W6": (50, 32, 256, 10, 128, 4096, 256),  # GRU(256) on W3's data
}
GRU_WORKLOADS = ("W5", "W6")
GEMM_SHAPES = [(64, 65, 256), (128, 288, 1024), (1024, 1024, 1024)]


def inputs(n, timesteps, features):
    i = np.arange(n, dtype=np.float64)[:, None, None]
    t = np.arange(timesteps, dtype=np.float64)[None, :, None]
    f = np.arange(features, dtype=np.float64)[None, None, :]
    s = np.sin(i * 12.9898 + t * 78.233 + f * 37.719) * 43758.5453
    noise = s - np.floor(s) - 0.5
    return (np.sin(0.1 * (i + t) + 0.5 * f) + 0.1 * noise).astype(np.float32)


def targets(name, n):
    timesteps, _, _, outputs, _, _, _ = SPECS[name]
    if outputs > 1:
        y = np.zeros((n, outputs), dtype=np.float32)
        y[np.arange(n), np.arange(n) % outputs] = 1
        return y
    return np.sin(0.1 * (np.arange(n) + timesteps)).astype(np.float32)[:, None]


def median(v):
    return float(np.median(np.asarray(v, dtype=np.float64)))


def p99(v):
    s = sorted(v)
    rank = math.ceil(0.99 * len(s))
    return float(s[max(0, min(len(s) - 1, rank - 1))])


def emit(fields):
    print("RESULT " + json.dumps(fields), flush=True)
    sys.stdout.flush()
