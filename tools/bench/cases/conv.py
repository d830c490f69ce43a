"""Convolution cases of tools/bench/th_bench_torch.py (names and inputs match conv.js).

PyTorch 1.13 runs these conv2d calls on oneDNN, which follows torch.set_num_threads; blas.py's
sync() still pins OpenBLAS to the same thread count in case a shape falls back to im2col + GEMM."""
import importlib.util
import os

_spec = importlib.util.spec_from_file_location('blas_cases', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'blas.py'))
_blas = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_blas)

# [label, input shape, weight shape, options]: keep in step with conv.js
SHAPES = [
    ('[32,3,32,32]->16 3x3 p1', [32, 3, 32, 32], [16, 3, 3, 3], {'padding': 1}),
    ('[32,64,56,56]->64 3x3 p1', [32, 64, 56, 56], [64, 64, 3, 3], {'padding': 1}),
    ('[32,64,56,56]->128 1x1', [32, 64, 56, 56], [128, 64, 1, 1], {}),
    ('[32,64,56,56] depthwise 3x3 p1', [32, 64, 56, 56], [64, 1, 3, 3], {'padding': 1, 'groups': 64}),
]


def make_cases(torch):
    """(name, fn) pairs; names and inputs match conv.js."""
    F = torch.nn.functional
    sync = _blas._openblas_threads(torch)
    g = torch.Generator().manual_seed(0)
    cases = []
    for label, xs, ws, options in SHAPES:
        x = torch.randn(xs, generator=g)
        w = torch.randn(ws, generator=g)
        b = torch.randn([ws[0]], generator=g)
        xg, wg, bg = (t.clone().requires_grad_(True) for t in (x, w, b))
        with torch.no_grad():
            gy = torch.ones_like(F.conv2d(x, w, b, **options))

        def fwd(x=x, w=w, b=b, options=options):
            sync()
            with torch.no_grad():
                return F.conv2d(x, w, b, **options)

        def fwd_bwd(x=xg, w=wg, b=bg, options=options, gy=gy):
            sync()
            x.grad = w.grad = b.grad = None
            F.conv2d(x, w, b, **options).backward(gy)
        cases += [('conv2d %s fwd' % label, fwd), ('conv2d %s fwd+bwd' % label, fwd_bwd)]
    return cases
