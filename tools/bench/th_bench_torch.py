#!/usr/bin/env python3
"""PyTorch side of tools/bench/th-bench.js: the same cases, shapes, dtypes and timing method.

  /usr/bin/python3 tools/bench/th_bench_torch.py [--threads 1,2] [--quick] [--json]

Prints the median seconds per call of every case, per thread count; with --json,
{"torch": version, "cpuSeconds": this process's CPU time, "results": {threads: {case: seconds}}}.
Keep the case names and the timing method in step with th-bench.js.
"""
import argparse
import json
import resource
import statistics
import time

import torch


def measure(fn, budget):
    """Median seconds per call: warm up, then time batches of calls (>= ~1 ms each) for `budget` s."""
    t0 = time.perf_counter()
    warm = 0
    while warm < 3 or time.perf_counter() - t0 < budget / 5:
        fn()
        warm += 1
    per_call = (time.perf_counter() - t0) / warm
    inner = max(1, round(1e-3 / per_call))
    samples = []
    start = time.perf_counter()
    while len(samples) < 5 or time.perf_counter() - start < budget:
        t = time.perf_counter_ns()
        for _ in range(inner):
            fn()
        samples.append((time.perf_counter_ns() - t) / 1e9 / inner)
    return statistics.median(samples)


def make_cases():
    """(name, fn) pairs; names and inputs match th-bench.js."""
    f32 = torch.float32

    def lin(n, lo=-4.0, hi=4.0):
        return torch.linspace(lo, hi, n, dtype=f32)

    one_a, one_b = torch.ones(1, dtype=f32), torch.ones(1, dtype=f32)
    cases = [('add 1 elem', lambda: one_a + one_b)]
    for n, label in ((10**6, '1e6'), (10**7, '1e7')):
        a, b, out = lin(n), lin(n, 3.0, -2.0), torch.empty(n, dtype=f32)
        cases += [
            (f'add {label}', lambda a=a, b=b: a + b),
            (f'add {label} out=', lambda a=a, b=b, out=out: torch.add(a, b, out=out)),
            (f'mul {label}', lambda a=a, b=b: a * b),
            (f'mul {label} out=', lambda a=a, b=b, out=out: torch.mul(a, b, out=out)),
        ]
    x = lin(10**6)
    cases += [('exp 1e6', lambda: x.exp()), ('tanh 1e6', lambda: x.tanh()), ('sigmoid 1e6', lambda: x.sigmoid())]
    m, row = lin(10**6).view(1000, 1000), lin(1000)
    a2, b2 = lin(10**6).view(1000, 1000), lin(10**6, 3.0, -2.0).view(1000, 1000)
    at, bt = a2.t(), b2.t()
    cases += [
        ('add [1000,1000]+[1000]', lambda: m + row),
        ('add a.t()+b.t()', lambda: at + bt),
        ('add a.t()+b', lambda: at + b2),
    ]
    return cases


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--threads', default='1,2', help='comma-separated thread counts')
    p.add_argument('--quick', action='store_true', help='short time budgets')
    p.add_argument('--json', action='store_true', help='JSON on stdout')
    args = p.parse_args()
    budget = 0.1 if args.quick else 0.4
    cases = make_cases()
    results = {}
    for n in [int(s) for s in args.threads.split(',')]:
        torch.set_num_threads(n)
        results[n] = {name: measure(fn, budget) for name, fn in cases}
    if args.json:
        ru = resource.getrusage(resource.RUSAGE_SELF)
        print(json.dumps({'torch': torch.__version__, 'cpuSeconds': ru.ru_utime + ru.ru_stime, 'results': results}))
        return
    for n, res in results.items():
        print(f'torch {torch.__version__}, {n} thread(s)')
        for name, sec in res.items():
            print(f'  {name:<24} {sec * 1e6:12.2f} us')


if __name__ == '__main__':
    main()
