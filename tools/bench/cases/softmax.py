"""THNN softmax cases of tools/bench/th_bench_torch.py (names and inputs match softmax.js).
Backward runs PyTorch's own kernels (torch._softmax_backward_data / _log_softmax_backward_data),
as THNN's backward functions are called directly, without autograd."""


def make_cases(torch):
    import torch.nn.functional as F
    g = torch.Generator().manual_seed(0)
    x = torch.randn(256, 1000, generator=g)
    xt = torch.randn(1000, 256, generator=g)
    go = torch.randn(256, 1000, generator=g)
    gt = torch.randn(1000, 256, generator=g)
    big = torch.randn(1000000, generator=g)

    def fwd_bwd(log, inp, grad, dim):
        def run():
            if log:
                y = torch._log_softmax(inp, dim, False)
                torch._log_softmax_backward_data(grad, y, dim, inp.dtype)
            else:
                y = torch._softmax(inp, dim, False)
                torch._softmax_backward_data(grad, y, dim, inp.dtype)
        return run

    return [
        ('softmax [256,1000] dim 1', lambda: F.softmax(x, 1)),
        ('logSoftmax [256,1000] dim 1', lambda: F.log_softmax(x, 1)),
        ('softmax [256,1000] dim 1 fwd+bwd', fwd_bwd(False, x, go, 1)),
        ('logSoftmax [256,1000] dim 1 fwd+bwd', fwd_bwd(True, x, go, 1)),
        ('softmax [1000,256] dim 0', lambda: F.softmax(xt, 0)),
        ('logSoftmax [1000,256] dim 0 fwd+bwd', fwd_bwd(True, xt, gt, 0)),
        ('gelu 1e6', lambda: F.gelu(big)),
        ('silu 1e6', lambda: F.silu(big)),
    ]
