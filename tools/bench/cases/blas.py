"""Matrix-product cases of tools/bench/th_bench_torch.py (names and inputs match blas.js).

PyTorch's torch.set_num_threads does not reach the pthread OpenBLAS that Debian's PyTorch calls
for sgemm (it keeps its own thread count), so each case first sets OpenBLAS's thread count to
torch.get_num_threads(): both libraries then run GEMM on the same number of threads. The
"builtin" cases run PyTorch's BLAS (PyTorch has no other GEMM): their ratio compares TypeTorch's
built-in GEMM with PyTorch's BLAS."""
import ctypes


def _openblas_threads(torch):
    """A function that makes OpenBLAS (as loaded by PyTorch) use torch.get_num_threads() threads."""
    lib = None
    with open('/proc/self/maps') as f:
        for line in f:
            path = line.split()[-1]
            if 'libopenblas' in path:
                try:
                    lib = ctypes.CDLL(path)
                    break
                except OSError:
                    pass
    state = {'n': None}

    def sync():
        n = torch.get_num_threads()
        if lib is not None and state['n'] != n:
            lib.openblas_set_num_threads(n)
            state['n'] = n
    return sync


def make_cases(torch):
    sync = _openblas_threads(torch)
    f32 = torch.float32

    def mat(n, m, lo, hi):
        return torch.linspace(lo, hi, n * m, dtype=f32).view(n, m)

    cases = []
    for n in (256, 512, 1024, 2048):
        a, b = mat(n, n, -1.0, 1.0), mat(n, n, 1.0, -1.0)

        def fn(a=a, b=b):
            sync()
            return torch.matmul(a, b)
        cases.append((f'matmul f32 {n} (GFLOP/s)', fn))
        if n in (1024, 2048):
            cases.append((f'matmul f32 {n} builtin (GFLOP/s)', fn))
    x = torch.linspace(-1, 1, 64 * 128 * 128, dtype=f32).view(64, 128, 128)
    y = torch.linspace(1, -1, 64 * 128 * 128, dtype=f32).view(64, 128, 128)

    def bmm():
        sync()
        return torch.bmm(x, y)
    cases += [('bmm f32 [64,128,128] (GFLOP/s)', bmm), ('bmm f32 [64,128,128] builtin (GFLOP/s)', bmm)]
    return cases
