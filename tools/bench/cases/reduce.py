"""Reduction cases of tools/bench/th_bench_torch.py (names and inputs match reduce.js)."""


def make_cases(torch):
    """(name, fn) pairs; names and inputs match th-bench.js."""
    f32 = torch.float32

    def lin(n, lo=-4.0, hi=4.0):
        return torch.linspace(lo, hi, n, dtype=f32)

    big = lin(10**7)
    m = lin(10**6).view(1000, 1000).sin()
    return [
        ('sum 1e7', lambda: big.sum()),
        ('mean 1e7', lambda: big.mean()),
        ('sum [1000,1000] dim 0', lambda: m.sum(0)),
        ('sum [1000,1000] dim 1', lambda: m.sum(1)),
        ('max [1000,1000] dim 1', lambda: m.max(1)),
        ('max [1000,1000] dim 0', lambda: m.max(0)),
        ('argmax [1000,1000] dim 1', lambda: m.argmax(1)),
        ('argmax [1000,1000] dim 0', lambda: m.argmax(0)),
        ('amax [1000,1000] dim 1', lambda: m.amax(1)),
        ('var [1000,1000] dim 1', lambda: m.var(1)),
        ('var 1e7', lambda: big.var()),
        ('norm [1000,1000] dim 1', lambda: m.norm(2, 1)),
        ('cumsum [1000,1000] dim 1', lambda: m.cumsum(1)),
    ]
