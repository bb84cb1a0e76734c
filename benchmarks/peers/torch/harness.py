"""PyTorch CPU peer: nn.LSTM (W1-W4) or nn.GRU (W5, W6) + Linear, the near-the-limit reference, sigmoid
gates. One workload per process.

Usage: python3 harness.py W1|W2|W3|W4|W5|W6|CNN|GEMM   (env: BENCH_EPOCHS, BENCH_TRAIN_SAMPLES, BENCH_INFER_REPS,
BENCH_CALLS, BENCH_THREADS = torch.set_num_threads value, default 2)
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import common  # noqa: E402
import torch  # noqa: E402

THREADS = int(os.environ.get("BENCH_THREADS", "2"))
torch.set_num_threads(THREADS)
torch.manual_seed(42)


class Net(torch.nn.Module):
    def __init__(self, features, units, outputs, cell=torch.nn.LSTM):
        super().__init__()
        self.lstm = cell(features, units, batch_first=True)
        self.dense = torch.nn.Linear(units, outputs)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.dense(out[:, -1, :])


def header(workload):
    return {"peer": "torch", "variant": "torch-%s" % torch.__version__, "workload": workload, "threads": THREADS,
            "gates": "sigmoid"}


def make(name):
    timesteps, features, units, outputs, batch, samples, infer_batch = common.SPECS[name]
    net = Net(features, units, outputs, torch.nn.GRU if name in common.GRU_WORKLOADS else torch.nn.LSTM)
    opt = torch.optim.Adam(net.parameters(), lr=0.001)
    if outputs > 1:
        ce = torch.nn.CrossEntropyLoss()
        loss_fn = lambda out, y: ce(out, y.argmax(dim=1))  # softmax + categorical cross-entropy
    else:
        loss_fn = torch.nn.MSELoss()
    return net, opt, loss_fn


def epoch(net, opt, loss_fn, x, y, batch):
    for s in range(0, x.shape[0], batch):
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(x[s:s + batch]), y[s:s + batch])
        loss.backward()
        opt.step()


def w1():
    t0 = time.perf_counter()
    net, opt, loss_fn = Net(1, 16, 1), None, torch.nn.MSELoss()
    opt = torch.optim.Adam(net.parameters(), lr=0.001)
    x = torch.tensor([[[1.0]], [[2.0]]])
    y = torch.tensor([[1.0], [2.0]])
    for _ in range(10):
        epoch(net, opt, loss_fn, x, y, 32)
    with torch.no_grad():
        p = net(torch.tensor([[[3.0]]]))[0, 0].item()
    f = header("W1")
    f.update(fit_predict_s=time.perf_counter() - t0, prediction=p)
    common.emit(f)


def recurrent(name):
    timesteps, features, units, outputs, batch, samples, infer_batch = common.SPECS[name]
    epochs = int(os.environ.get("BENCH_EPOCHS", "3"))
    n = int(os.environ.get("BENCH_TRAIN_SAMPLES", str(samples)))
    reps = int(os.environ.get("BENCH_INFER_REPS", "3"))
    x = torch.from_numpy(common.inputs(samples, timesteps, features))
    y = torch.from_numpy(common.targets(name, samples))
    net, opt, loss_fn = make(name)
    xt, yt = x[:n], y[:n]
    epoch(net, opt, loss_fn, xt, yt, batch)
    train = []
    for _ in range(epochs):
        t0 = time.perf_counter()
        epoch(net, opt, loss_fn, xt, yt, batch)
        train.append(n / (time.perf_counter() - t0))
    infer = []
    with torch.no_grad():
        for r in range(reps + 1):
            t0 = time.perf_counter()
            for s in range(0, samples, infer_batch):
                net(x[s:s + infer_batch])
            if r > 0:
                infer.append(samples / (time.perf_counter() - t0))
    f = header(name)
    f.update(train_samples=n, train_sps=common.median(train), train_sps_all=train,
             infer_sps=common.median(infer), infer_sps_all=infer)
    common.emit(f)


def digits(n):
    """Workload CNN's synthetic digits (dev.engram.bench.ConvnetWorkload's formula), [n, 1, 28, 28] and class ids."""
    import math
    import numpy as np
    x = np.zeros((n, 1, 28, 28), dtype=np.float32)
    for i in range(n):
        k = i % 10
        cr, cc = 14 + ((k % 3) - 1) * 3, 14 + (((k // 3) % 3) - 1) * 3
        radius, angle = 5 + k / 3, k * math.pi / 10
        for r in range(28):
            for c in range(28):
                dr, dc = r - cr, c - cc
                dist = math.hypot(dr, dc)
                across = dr * math.cos(angle) - dc * math.sin(angle)
                s = math.sin(i * 12.9898 + r * 78.233 + c * 37.719) * 43758.5453
                v = math.exp(-(dist - radius) ** 2 / 2) + 0.8 * (math.exp(-across * across / 1.5) if dist < 9 else 0) \
                    + 0.15 * (s - math.floor(s))
                x[i, 0, r, c] = min(1.0, max(0.0, v))
    return torch.from_numpy(x), torch.tensor([i % 10 for i in range(n)])


def convnet():
    """The TF.js tutorial's MNIST convnet (NCHW, torch's native layout), Adam, cross-entropy, batch 512."""
    epochs = int(os.environ.get("BENCH_EPOCHS", "3"))
    n = int(os.environ.get("BENCH_TRAIN_SAMPLES", "2048"))
    reps = int(os.environ.get("BENCH_INFER_REPS", "3"))
    nn = torch.nn
    net = nn.Sequential(nn.Conv2d(1, 8, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
                        nn.Flatten(), nn.Linear(256, 10))
    opt = torch.optim.Adam(net.parameters(), lr=0.001)
    x, y = digits(n)
    epoch(net, opt, nn.CrossEntropyLoss(), x, y, 512)
    train = []
    for _ in range(epochs):
        t0 = time.perf_counter()
        epoch(net, opt, nn.CrossEntropyLoss(), x, y, 512)
        train.append(n / (time.perf_counter() - t0))
    infer = []
    with torch.no_grad():
        for r in range(reps + 1):
            t0 = time.perf_counter()
            for s in range(0, n, 512):
                net(x[s:s + 512])
            if r > 0:
                infer.append(n / (time.perf_counter() - t0))
    f = header("CNN")
    f.update(train_samples=n, train_sps=common.median(train), train_sps_all=train,
             infer_sps=common.median(infer), infer_sps_all=infer)
    common.emit(f)


def w4():
    timesteps, features, units, outputs, *_ = common.SPECS["W4"]
    calls = int(os.environ.get("BENCH_CALLS", "1000"))
    net, _, _ = make("W4")
    x = torch.from_numpy(common.inputs(1, timesteps, features))
    ms = []
    with torch.inference_mode():
        for _ in range(300):
            net(x)
        for _ in range(calls):
            t0 = time.perf_counter()
            net(x)
            ms.append((time.perf_counter() - t0) * 1e3)
    f = header("W4")
    f.update(latency_median_ms=common.median(ms), latency_p99_ms=common.p99(ms))
    common.emit(f)


def gemm():
    g = torch.Generator().manual_seed(7)
    for m, k, n in common.GEMM_SHAPES:
        a = torch.rand(m, k, generator=g) - 0.5
        b = torch.rand(k, n, generator=g) - 0.5
        c = torch.empty(m, n)
        flops = 2.0 * m * n * k
        inner = max(1, int(2e8 / flops))
        for _ in range(5 * inner + 10):
            torch.mm(a, b, out=c)
        gf = []
        for _ in range(7):
            t0 = time.perf_counter()
            for _ in range(inner):
                torch.mm(a, b, out=c)
            gf.append(flops * inner / (time.perf_counter() - t0) / 1e9)
        f = header("GEMM")
        f.update(shape="%dx%dx%d" % (m, k, n), gflops=common.median(gf), gflops_all=gf)
        common.emit(f)


if __name__ == "__main__":
    {"W1": w1, "W2": lambda: recurrent("W2"), "W3": lambda: recurrent("W3"), "W4": w4,
     "W5": lambda: recurrent("W5"), "W6": lambda: recurrent("W6"), "CNN": convnet, "GEMM": gemm}[sys.argv[1]]()
