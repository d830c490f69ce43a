"""Autograd cases of tools/bench/th_bench_torch.py (names and inputs match autograd.js).

The MLP's matrix products go to OpenBLAS, whose thread count torch.set_num_threads does not set:
blas.py's sync() pins it to torch.get_num_threads() before each step, as in the blas suite."""
import importlib.util
import os

_spec = importlib.util.spec_from_file_location('blas_cases', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'blas.py'))
_blas = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_blas)


def make_cases(torch):
    """(name, fn) pairs; names and inputs match th-bench.js."""
    sync = _blas._openblas_threads(torch)
    a = torch.ones(1, requires_grad=True)
    b = torch.ones(1, requires_grad=True)
    c = torch.full((1,), 1.0001, requires_grad=True)

    def chain():
        y = a
        for i in range(1000):
            y = y * c if i % 2 else y + b
        a.grad = b.grad = c.grad = None
        y.backward()

    g = torch.Generator().manual_seed(0)
    x = torch.randn(64, 784, generator=g)
    labels = torch.randint(0, 10, (64, 1), generator=g)

    def layer(i, o):
        return (torch.randn(i, o, generator=g) / i ** 0.5).requires_grad_(), torch.zeros(o, requires_grad=True)

    w1, b1 = layer(784, 512)
    w2, b2 = layer(512, 256)
    w3, b3 = layer(256, 10)
    params = [w1, b1, w2, b2, w3, b3]

    def mlp():
        sync()
        h1 = (x @ w1 + b1).clamp_min(0)
        h2 = (h1 @ w2 + b2).clamp_min(0)
        logits = h2 @ w3 + b3
        loss = -(logits - logits.logsumexp(1, True)).gather(1, labels).mean()
        for p in params:
            p.grad = None
        loss.backward()

    def no_grad_mul():
        with torch.no_grad():
            a * b

    return [
        ('tiny mul, requiresGrad (forward)', lambda: a * b),
        ('tiny mul, no grad', no_grad_mul),
        ('1000-op chain fwd+bwd', chain),
        ('MLP 784-512-256-10 b64 fwd+bwd', mlp),
    ]
