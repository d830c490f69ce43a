"""torch.linalg cases of tools/bench/th_bench_torch.py (names and inputs match linalg.js)."""


def make_cases(torch):
    """(name, fn) pairs; names and inputs match th-bench.js."""
    f32 = torch.float32
    L = torch.linalg

    def general(n, m=None):
        m = n if m is None else m
        return (torch.arange(n * m, dtype=f32) * 0.37).sin().view(n, m) + torch.eye(n, m) * n

    def spd(n):
        b = (torch.arange(n * n, dtype=f32) * 0.37).sin().view(n, n)
        return b + b.t() + torch.eye(n) * (2 * n)

    a64, a256, a512 = general(64), general(256), general(512)
    batch = (torch.arange(1000 * 16, dtype=f32) * 0.37).sin().view(1000, 4, 4) + torch.eye(4) * 4
    rhs = (torch.arange(512 * 64, dtype=f32) * 0.11).cos().view(512, 64)
    s256, s512 = spd(256), spd(512)
    tall, tall_b = general(512, 128), (torch.arange(512 * 4, dtype=f32) * 0.13).cos().view(512, 4)
    v6, v7 = torch.linspace(-4, 4, 10**6, dtype=f32), torch.linspace(-4, 4, 10**7, dtype=f32)
    m1000 = torch.linspace(-4, 4, 10**6, dtype=f32).view(1000, 1000)
    return [
        ('inv 64', lambda: L.inv(a64)),
        ('inv 512', lambda: L.inv(a512)),
        ('inv batch [1000,4,4]', lambda: L.inv(batch)),
        ('det 512', lambda: L.det(a512)),
        ('det batch [1000,4,4]', lambda: L.det(batch)),
        ('solve 512 x [512,64]', lambda: L.solve(a512, rhs)),
        ('cholesky 512', lambda: L.cholesky(s512)),
        ('qr [512,128]', lambda: L.qr(tall)),
        ('svd 256', lambda: L.svd(a256, full_matrices=False)),
        ('svdvals 256', lambda: L.svdvals(a256)),
        ('eigh 256', lambda: L.eigh(s256)),
        ('eigvalsh 256', lambda: L.eigvalsh(s256)),
        ('eig 64', lambda: L.eig(a64)),
        ('lstsq [512,128] gelsd', lambda: L.lstsq(tall, tall_b, driver='gelsd')),
        ('pinv [512,128]', lambda: L.pinv(tall)),
        ('matrix_rank 256', lambda: L.matrix_rank(a256)),
        ('matrix_power 64 n=10', lambda: L.matrix_power(a64, 10)),
        ('vector_norm 1e6', lambda: L.vector_norm(v6)),
        ('vector_norm 1e7', lambda: L.vector_norm(v7)),
        ('vector_norm 1e6 ord=1', lambda: L.vector_norm(v6, 1)),
        ('vector_norm [1000,1000] dim=1', lambda: L.vector_norm(m1000, 2, dim=1)),
        ('vector_norm [1000,1000] dim=0', lambda: L.vector_norm(m1000, 2, dim=0)),
        ('matrix_norm fro [1000,1000]', lambda: L.matrix_norm(m1000)),
        ('matrix_norm 1 [1000,1000]', lambda: L.matrix_norm(m1000, 1)),
        ('matrix_norm 2 256', lambda: L.matrix_norm(a256, 2)),
    ]
