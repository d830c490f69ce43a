#!/usr/bin/env python3
"""PyTorch side of tools/bench/th-bench.js: the same cases, shapes, dtypes and timing method.

  /usr/bin/python3 tools/bench/th_bench_torch.py [--suite a,b] [--threads 1,2] [--quick] [--json]

Prints the median seconds per call of every case, per thread count; with --json,
{"torch": version, "cpuSeconds": this process's CPU time, "results": {threads: {case: seconds}}}.
Keep the case names and the timing method in step with th-bench.js. Suites are the files
cases/<suite>.py, each with make_cases(torch) -> [(name, fn)].
"""
import argparse
import importlib.util
import json
import os
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


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--threads', default='1,2', help='comma-separated thread counts')
    p.add_argument('--quick', action='store_true', help='short time budgets')
    p.add_argument('--json', action='store_true', help='JSON on stdout')
    p.add_argument('--suite', default='elementwise', help='comma-separated suites (tools/bench/cases/<suite>.py)')
    args = p.parse_args()
    budget = 0.1 if args.quick else 0.4
    cases = []
    for suite in args.suite.split(','):
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'cases', suite + '.py')
        spec = importlib.util.spec_from_file_location('cases_' + suite, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        cases += module.make_cases(torch)
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
