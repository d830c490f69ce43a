"""Indexing and joining cases of tools/bench/th_bench_torch.py (names and inputs match index.js)."""


def pseudo(n, m, mul=7919, add=13):
    """Deterministic pseudo-random indices in [0, m), the same as index.js."""
    return [(i * mul + add) % m for i in range(n)]


def make_cases(torch):
    """(name, fn) pairs; names and inputs match th-bench.js."""
    f32, i64 = torch.float32, torch.int64
    x = torch.arange(10**6, dtype=f32).view(1000, 1000)
    rows = torch.tensor(pseudo(1000, 1000), dtype=i64)
    gi = torch.tensor(pseudo(10**6, 1000), dtype=i64).view(1000, 1000)
    parts = [torch.full((100, 1000), k, dtype=f32) for k in range(100)]
    src = torch.ones(1000, 1000)
    acc = torch.zeros(1000, 1000)
    flat_idx = torch.tensor(pseudo(10**6, 10**6), dtype=i64)
    mask = x.remainder(3).eq(0)
    return [
        ('indexSelect dim0 [1000,1000] 1000 rows', lambda: x.index_select(0, rows)),
        ('indexSelect dim1 [1000,1000] 1000 cols', lambda: x.index_select(1, rows)),
        ('index x[idx] [1000,1000]', lambda: x[rows]),
        ('index x[:, idx] [1000,1000]', lambda: x[:, rows]),
        ('gather dim1 1e6', lambda: x.gather(1, gi)),
        ('gather dim0 1e6', lambda: x.gather(0, gi)),
        ('cat 100x[100,1000] dim0', lambda: torch.cat(parts, 0)),
        ('cat 100x[100,1000] dim1', lambda: torch.cat(parts, 1)),
        ('scatterAdd_ dim1 1e6', lambda: acc.scatter_add_(1, gi, src)),
        ('take 1e6', lambda: x.take(flat_idx)),
        ('indexPut_ accumulate 1000 rows', lambda: acc.index_put_((rows,), src, accumulate=True)),
        ('maskedSelect 1e6', lambda: x.masked_select(mask)),
    ]
