"""Random sampling cases of tools/bench/th_bench_torch.py (names and inputs match random.js)."""


def make_cases(torch):
    """(name, fn) pairs; names and inputs match th-bench.js."""
    cases = []
    for n, label in ((10**6, '1e6'), (10**7, '1e7')):
        buf = torch.empty(n)
        cases += [
            (f'rand {label}', lambda n=n: torch.rand(n)),
            (f'randn {label}', lambda n=n: torch.randn(n)),
            (f'uniform_ {label}', lambda buf=buf: buf.uniform_()),
            (f'normal_ {label}', lambda buf=buf: buf.normal_()),
        ]
    n = 10**6
    i64 = torch.empty(n, dtype=torch.int64)
    p = torch.full((n,), 0.5)
    probs = torch.rand(1000)
    cases += [
        ('randint 1e6', lambda: torch.randint(0, 1000, (n,))),
        ('random_ int64 1e6', lambda: i64.random_(0, 1000)),
        ('randperm 1e6', lambda: torch.randperm(n)),
        ('bernoulli(p) 1e6', lambda: torch.bernoulli(p)),
        ('exponential_ 1e6', lambda: torch.empty(n).exponential_()),
        ('multinomial 1000 cats 1e5 samples', lambda: torch.multinomial(probs, 100000, True)),
    ]
    return cases
