"""PyTorch's side of tools/bench/gpu-bench.js: the same cases on the same GPU, median seconds per call as JSON."""
import json
import sys
import time

import torch


def measure(fn, budget):
    for _ in range(3):
        fn()
    torch.cuda.synchronize()
    batch = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(batch):
            fn()
        torch.cuda.synchronize()
        if time.perf_counter() - t0 > 2e-3 or batch >= 1 << 20:
            break
        batch *= 2
    times = []
    end = time.perf_counter() + budget
    while time.perf_counter() < end or len(times) < 5:
        t0 = time.perf_counter()
        for _ in range(batch):
            fn()
        torch.cuda.synchronize()
        times.append((time.perf_counter() - t0) / batch)
    times.sort()
    return times[len(times) // 2]


def main():
    quick = '--quick' in sys.argv
    torch.backends.cuda.matmul.allow_tf32 = False  # as TypeTorch: full float32 GEMM
    d = 'cuda'
    n = 10**8
    x, y, out = torch.rand(n, device=d), torch.rand(n, device=d), torch.empty(n, device=d)
    rows = torch.randn(4096, 4096, device=d)
    logits = torch.randn(64, 50000, device=d)
    sa, sb = torch.randn(4096, 4096, device=d), torch.randn(4096, 4096, device=d)
    ha, hb = sa.half(), sb.half()
    one = torch.ones(1, device=d)
    sizes = [512, 4096, 1 << 20, 3 << 20, 100, 65536, 12 << 20, 777]
    k = [0]

    def alloc():
        torch.empty(sizes[k[0] & 7], device=d)
        k[0] += 1

    cases = {
        'sgemm 4096': lambda: sa @ sb,
        'hgemm 4096': lambda: ha @ hb,
        'copy 1e8 (device to device)': lambda: out.copy_(x),
        'add 1e8 out=': lambda: torch.add(x, y, out=out),
        'add 1e8': lambda: x + y,
        'sum 1e8': lambda: x.sum(),
        'sum rows [4096,4096]': lambda: rows.sum(1),
        'amax rows [4096,4096]': lambda: rows.amax(1),
        'logsumexp rows [4096,4096]': lambda: rows.logsumexp(1),
        'sum columns [4096,4096]': lambda: rows.sum(0),
        'var columns [4096,4096]': lambda: rows.var(0),
        'topk 10 of rows [64,50000]': lambda: logits.topk(10, 1),
        'median of rows [64,50000]': lambda: logits.median(1),
        'add 1 elem': lambda: one + one,
        'alloc/free mixed sizes': alloc,
    }
    budget = 0.2 if quick else 1.0
    print(json.dumps({name: measure(fn, budget) for name, fn in cases.items()}))


main()
