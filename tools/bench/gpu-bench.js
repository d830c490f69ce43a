#!/usr/bin/env node
// GPU benchmarks of @typetorch/thc against PyTorch on the same GPU, as `npm run bench:gpu` runs them:
//   node tools/bench/gpu-bench.js [--quick] [--json] [--smoke]
// Cases (issue 6): elementwise add of 1e8 float32 (GB/s, and its share of the device-to-device
// copy bandwidth measured in the same run), sum of 1e8, reductions over the rows of [4096,4096]
// (sum, amax, logsumexp: softmax's) and over its columns (sum, var), topk 10 and median of the
// rows of [64,50000] (a sampler's: long rows take the radix select), sgemm and hgemm 4096
// (TFLOP/s; with cuBLAS and with the built-in kernel, TYPETORCH_CUBLAS=none, in a child process),
// the per-op overhead of a 1-element add (us/op), and the caching allocator: 1e5 alloc/free
// cycles of mixed sizes.
// Each case is warmed up, then timed in batches (>= ~2 ms each, then a synchronize) for a fixed
// budget; the median seconds per call is reported. The same cases run on PyTorch in the same run
// (gpu_bench_torch.py under python3 or TH_BENCH_PYTHON). ratio = PyTorch time / TypeTorch time.
// --smoke runs every case at tiny sizes, without PyTorch: a check that the script works end to end
// (the GPU jest suites run it, on the CPU emulator too); its figures mean nothing.
'use strict';

const path = require('path');
const { spawnSync } = require('child_process');
const th = require('../../packages/th/dist');
const { cuda } = require('../../packages/thc/dist');

const PYTHON = process.env.TH_BENCH_PYTHON || 'python3';
const quick = process.argv.includes('--quick');
const json = process.argv.includes('--json');
const gemmOnly = process.argv.includes('--gemm-only'); // the child run without cuBLAS
const smoke = process.argv.includes('--smoke');
const flags = [quick ? '--quick' : '', smoke ? '--smoke' : ''].filter(Boolean);
const now = () => Number(process.hrtime.bigint()) / 1e9;

function measure(fn, budget) {
  for (let i = 0; i < 3; i++) fn();
  cuda.synchronize();
  let batch = 1;
  for (;;) {
    const t0 = now();
    for (let i = 0; i < batch; i++) fn();
    cuda.synchronize();
    if (now() - t0 > 2e-3 || batch >= 1 << 20) break;
    batch *= 2;
  }
  const times = [];
  const end = now() + budget;
  while (now() < end || times.length < 5) {
    const t0 = now();
    for (let i = 0; i < batch; i++) fn();
    cuda.synchronize();
    times.push((now() - t0) / batch);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

function makeCases() {
  const d = { device: 'cuda' };
  const N = smoke ? 1 << 12 : 1e8;
  const G = smoke ? 64 : 4096; // GEMM and row-reduction size
  const F = 4;
  const x = th.rand([N], d);
  const y = th.rand([N], d);
  const out = th.empty([N], d);
  const rows = th.randn([G, G], d);
  const logits = th.randn([64, smoke ? 5000 : 50000], d);
  const both = (r) => {
    r.values.dispose();
    r.indices.dispose();
  };
  const gemm = (dtype) => [th.randn([G, G], { ...d, dtype }), th.randn([G, G], { ...d, dtype })];
  const [sa, sb] = gemm('float32');
  const [ha, hb] = gemm('float16');
  const one = th.ones([1], d);
  const sizes = smoke ? [512, 4096, 100, 777, 1 << 12, 65, 3000, 1] : [512, 4096, 1 << 20, 3 << 20, 100, 65536, 12 << 20, 777];
  let k = 0;
  const flop = 2 * G ** 3;
  const cases = [
    { name: 'sgemm 4096', fn: () => sa.matmul(sb).dispose(), flop },
    { name: 'hgemm 4096', fn: () => ha.matmul(hb).dispose(), flop },
  ];
  if (!gemmOnly) {
    cases.push(
      { name: 'copy 1e8 (device to device)', fn: () => out.copy_(x), bytes: 2 * N * F },
      { name: 'add 1e8 out=', fn: () => x.add(y, { out }), bytes: 3 * N * F },
      { name: 'add 1e8', fn: () => x.add(y).dispose(), bytes: 3 * N * F },
      { name: 'sum 1e8', fn: () => x.sum().dispose(), bytes: N * F },
      { name: 'sum rows [4096,4096]', fn: () => rows.sum(1).dispose(), bytes: G * G * F },
      { name: 'amax rows [4096,4096]', fn: () => rows.amax(1).dispose(), bytes: G * G * F },
      { name: 'logsumexp rows [4096,4096]', fn: () => rows.logsumexp(1).dispose(), bytes: G * G * F },
      { name: 'sum columns [4096,4096]', fn: () => rows.sum(0).dispose(), bytes: G * G * F },
      { name: 'var columns [4096,4096]', fn: () => rows.var(0).dispose(), bytes: G * G * F },
      { name: 'topk 10 of rows [64,50000]', fn: () => both(logits.topk(10, 1)), us: true },
      { name: 'median of rows [64,50000]', fn: () => both(logits.median(1)), us: true },
      { name: 'add 1 elem', fn: () => one.add(one).dispose(), us: true },
      { name: 'alloc/free mixed sizes', fn: () => th.empty([sizes[k++ & 7]], d).dispose(), us: true },
    );
  }
  return cases;
}

function torchTimes() {
  if (smoke) return {};
  const r = spawnSync(PYTHON, [path.join(__dirname, 'gpu_bench_torch.py'), ...flags], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`PyTorch side failed (${PYTHON}): ${(r.stderr || r.error || '').toString().slice(-500)}`);
    return {};
  }
  return JSON.parse(r.stdout);
}

function main() {
  if (!cuda.isAvailable()) {
    console.log(`gpu-bench: no GPU here (${cuda.unavailableReason()}); nothing measured`);
    return;
  }
  const budget = smoke ? 0.001 : quick ? 0.2 : 1.0;
  const results = {};
  for (const c of makeCases()) results[c.name] = { ...c, seconds: measure(c.fn, budget) };
  if (gemmOnly) {
    process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v.seconds]))));
    return;
  }
  const child = spawnSync(process.execPath, [__filename, '--gemm-only', ...flags], {
    encoding: 'utf8',
    env: { ...process.env, TYPETORCH_CUBLAS: 'none' },
  });
  const builtin = child.status === 0 ? JSON.parse(child.stdout) : {};
  for (const [k, s] of Object.entries(builtin)) results[`${k} (built-in kernel)`] = { ...results[k], name: `${k} (built-in kernel)`, seconds: s, torchKey: k };
  const torch = torchTimes();
  const copy = results['copy 1e8 (device to device)'];
  const copyBW = copy.bytes / copy.seconds;
  const rows = [];
  for (const r of Object.values(results)) {
    const t = torch[r.torchKey ?? r.name];
    const figure = r.flop ? `${(r.flop / r.seconds / 1e12).toFixed(1)} TFLOP/s` : r.us ? `${(r.seconds * 1e6).toFixed(2)} us/op` : `${(r.bytes / r.seconds / 1e9).toFixed(0)} GB/s`;
    const share = r.bytes && r.name.startsWith('add 1e8') ? ` (${((r.bytes / r.seconds / copyBW) * 100).toFixed(0)}% of copy)` : '';
    rows.push({ name: r.name, seconds: r.seconds, figure: figure + share, torch: t ?? null, ratio: t ? t / r.seconds : null });
  }
  if (json) {
    console.log(JSON.stringify({ device: cuda.getDeviceName(), rows }, null, 2));
    return;
  }
  console.log(`device: ${cuda.getDeviceName()}   ratio = PyTorch time / TypeTorch time`);
  for (const r of rows)
    console.log(`${r.name.padEnd(40)} ${r.figure.padEnd(28)} ${r.torch ? `torch ${(r.torch * 1e6).toFixed(1)} us  ratio ${r.ratio.toFixed(2)}` : ''}`);
}

main();
