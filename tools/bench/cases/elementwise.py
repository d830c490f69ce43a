"""Elementwise cases of tools/bench/th_bench_torch.py (names and inputs match elementwise.js)."""


def make_cases(torch):
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
