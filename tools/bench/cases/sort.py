"""Sorting cases of tools/bench/th_bench_torch.py (names and inputs match sort.js)."""
import numpy as np


def hashed(n):
    """n pseudo-random numbers in [-1, 1) from a 32-bit hash of the index (the same in sort.js)."""
    with np.errstate(over='ignore'):
        h = np.arange(n, dtype=np.uint32) * np.uint32(0x9E3779B1)
        h ^= h >> np.uint32(16)
        h *= np.uint32(0x85EBCA6B)
        h ^= h >> np.uint32(13)
        h *= np.uint32(0xC2B2AE35)
        h ^= h >> np.uint32(16)
    return (h.astype(np.float64) / 4294967296.0 * 2 - 1).astype(np.float32)


def make_cases(torch):
    data = hashed(10**6)
    v = torch.from_numpy(data.copy())
    m = torch.from_numpy(data.copy()).view(1000, 1000)
    u = torch.from_numpy(np.floor((data.astype(np.float64) + 1) * 50000).astype(np.int64))
    return [
        ('sort 1e6 f32', lambda: v.sort()),
        ('sort [1000,1000] dim=-1', lambda: m.sort(-1)),
        ('sort [1000,1000] dim=0', lambda: m.sort(0)),
        ('argsort 1e6 f32', lambda: v.argsort()),
        ('topk k=10 1e6', lambda: v.topk(10)),
        ('topk k=10 [1000,1000] dim=-1', lambda: m.topk(10, -1)),
        ('topk k=10 [1000,1000] dim=0', lambda: m.topk(10, 0)),
        ('topk k=1000 1e6', lambda: v.topk(1000)),
        ('median [1000,1000] dim=-1', lambda: m.median(-1)),
        ('unique 1e6 int64', lambda: torch.unique(u)),
    ]
