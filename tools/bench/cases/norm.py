"""Normalization cases of tools/bench/th_bench_torch.py (names and inputs match norm.js): PyTorch's
native kernels (native_batch_norm, native_layer_norm and their backward), called directly."""


def make_cases(torch):
    """(name, fn) pairs; names and inputs match th-bench.js."""
    g = torch.Generator().manual_seed(0)
    x = torch.randn(32, 64, 56, 56, generator=g)
    gx = torch.randn(32, 64, 56, 56, generator=g)
    w, b = torch.ones(64), torch.zeros(64)
    rm, rv = torch.zeros(64), torch.ones(64)

    def bn_forward():
        return torch.native_batch_norm(x, w, b, rm, rv, True, 0.1, 1e-5)

    def bn_both():
        _, save_mean, save_invstd = bn_forward()
        torch.ops.aten.native_batch_norm_backward(gx, x, w, rm, rv, save_mean, save_invstd, True, 1e-5, [True, True, True])

    y = torch.randn(64, 128, 768, generator=g)
    gy = torch.randn(64, 128, 768, generator=g)
    lw, lb = torch.ones(768), torch.zeros(768)

    def ln_forward():
        return torch.native_layer_norm(y, [768], lw, lb, 1e-5)

    def ln_both():
        _, mean, rstd = ln_forward()
        torch.ops.aten.native_layer_norm_backward(gy, y, [768], mean, rstd, lw, lb, [True, True, True])

    return [
        ('batchNorm2d train fwd [32,64,56,56]', bn_forward),
        ('batchNorm2d train fwd+bwd [32,64,56,56]', bn_both),
        ('layerNorm [64,128,768] fwd', ln_forward),
        ('layerNorm [64,128,768] fwd+bwd', ln_both),
    ]
