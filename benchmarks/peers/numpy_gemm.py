"""numpy (the BLAS it links, OpenBLAS on this machine) sgemm reference for the GEMM rows.
Threads: OPENBLAS_NUM_THREADS / OMP_NUM_THREADS from the environment (set by run-all.sh)."""
import os
import time

import numpy as np

import common

threads = int(os.environ.get("OPENBLAS_NUM_THREADS", "0") or 0)
rng = np.random.default_rng(7)
for m, k, n in common.GEMM_SHAPES:
    a = (rng.random((m, k)) - 0.5).astype(np.float32)
    b = (rng.random((k, n)) - 0.5).astype(np.float32)
    c = np.empty((m, n), dtype=np.float32)
    flops = 2.0 * m * n * k
    inner = max(1, int(2e8 / flops))
    for _ in range(5 * inner + 10):
        np.matmul(a, b, out=c)
    gf = []
    for _ in range(7):
        t0 = time.perf_counter()
        for _ in range(inner):
            np.matmul(a, b, out=c)
        gf.append(flops * inner / (time.perf_counter() - t0) / 1e9)
    common.emit({"peer": "numpy", "variant": "numpy-%s" % np.__version__, "workload": "GEMM", "threads": threads,
                 "shape": "%dx%dx%d" % (m, k, n), "gflops": common.median(gf), "gflops_all": gf})
