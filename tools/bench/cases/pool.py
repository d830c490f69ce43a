"""Pooling cases of tools/bench/th_bench_torch.py (names and inputs match pool.js).

Forward cases run without autograd (no indices kept); fwd+bwd cases run autograd on an input
that requires grad, with the same gradOutput every call."""
import torch.nn.functional as F


def make_cases(torch):
    """(name, fn) pairs; names and inputs match th-bench.js."""
    g = torch.Generator().manual_seed(0)
    cases = []

    def fwd_bwd(x, g_out, f):
        def run():
            f(x).backward(g_out)
            x.grad = None
        return run

    for shape, k, s, p, out_shape in (((32, 64, 112, 112), 3, 2, 1, (32, 64, 56, 56)), ((32, 64, 56, 56), 2, 2, 0, (32, 64, 28, 28))):
        x = torch.randn(shape, generator=g)
        go = torch.randn(out_shape, generator=g)
        label = '[%s] k%d s%d%s' % (','.join(map(str, shape)), k, s, ' p%d' % p if p else '')
        cases.append(('maxPool2d %s fwd' % label, lambda x=x, k=k, s=s, p=p: F.max_pool2d(x, k, s, p)))
        xg = x.clone().requires_grad_(True)
        cases.append(('maxPool2d %s fwd+bwd' % label, fwd_bwd(xg, go, lambda t, k=k, s=s, p=p: F.max_pool2d(t, k, s, p))))

    a = torch.randn((32, 64, 56, 56), generator=g)
    ga = torch.randn((32, 64, 28, 28), generator=g)
    cases.append(('avgPool2d [32,64,56,56] k2 s2 fwd', lambda: F.avg_pool2d(a, 2, 2)))
    cases.append(('avgPool2d [32,64,56,56] k2 s2 fwd+bwd', fwd_bwd(a.clone().requires_grad_(True), ga, lambda t: F.avg_pool2d(t, 2, 2))))

    gp = torch.randn((32, 512, 7, 7), generator=g)
    gg = torch.randn((32, 512, 1, 1), generator=g)
    cases.append(('adaptiveAvgPool2d [32,512,7,7] -> 1 fwd', lambda: F.adaptive_avg_pool2d(gp, 1)))
    cases.append(('adaptiveAvgPool2d [32,512,7,7] -> 1 fwd+bwd',
                  fwd_bwd(gp.clone().requires_grad_(True), gg, lambda t: F.adaptive_avg_pool2d(t, 1))))
    return cases
