"""Loss cases of tools/bench/th_bench_torch.py (names and inputs match loss.js): cross-entropy
forward and forward+backward on [256, 1000] logits, nll on the same shape, mse on 1e6 elements.
Backward goes through autograd (the gradient of the mean loss)."""


def make_cases(torch):
    """(name, fn) pairs; names and inputs match th-bench.js."""
    F = torch.nn.functional
    f32 = torch.float32
    n, c = 256, 1000
    logits = (torch.linspace(-40, 40, n * c, dtype=f32).sin() * 3).view(n, c)
    target = torch.arange(n, dtype=torch.int64) * 37 % c
    log_probs = F.log_softmax(logits, 1)
    a = torch.linspace(-3, 3, 10**6, dtype=f32).sin()
    b = torch.linspace(-2, 2, 10**6, dtype=f32).cos()
    logits_g = logits.clone().requires_grad_()
    log_probs_g = log_probs.clone().requires_grad_()
    a_g = a.clone().requires_grad_()
    b_g = b.clone().requires_grad_()

    def step(loss, *leaves):
        loss.backward()
        for t in leaves:
            t.grad = None

    return [
        ('crossEntropy [256,1000] fwd', lambda: F.cross_entropy(logits, target)),
        ('crossEntropy [256,1000] fwd+bwd', lambda: step(F.cross_entropy(logits_g, target), logits_g)),
        ('nllLoss [256,1000] fwd', lambda: F.nll_loss(log_probs, target)),
        ('nllLoss [256,1000] fwd+bwd', lambda: step(F.nll_loss(log_probs_g, target), log_probs_g)),
        ('mseLoss 1e6 fwd', lambda: F.mse_loss(a, b)),
        ('mseLoss 1e6 fwd+bwd', lambda: step(F.mse_loss(a_g, b_g), a_g, b_g)),
    ]
