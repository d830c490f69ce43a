#!/usr/bin/env node
// Elementwise benchmark of @typetorch/th against PyTorch, as `npm run bench` runs it:
//   node tools/bench/th-bench.js [--threads N] [--quick] [--json]
// Every case is warmed up, then timed in batches of calls (each batch >= ~1 ms) for a fixed
// budget; the median seconds per call is reported, with GB/s (bytes read + written / time) for
// the big cases and us/op for the tiny add. The same cases run on PyTorch in the same run
// (tools/bench/th_bench_torch.py under /usr/bin/python3, same thread counts); without it only
// TypeTorch numbers are printed. ratio = PyTorch time / TypeTorch time (> 1: TypeTorch faster).
// Default: 1 thread and 2 threads. Results are disposed every iteration; peak RSS is reported.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const th = require('../../packages/th/dist');

const PYTHON = process.env.TH_BENCH_PYTHON || '/usr/bin/python3'; // PyTorch's interpreter
const TORCH_SCRIPT = path.join(__dirname, 'th_bench_torch.py');

const USAGE = 'usage: node tools/bench/th-bench.js [--threads N] [--quick] [--json]';
function usageError(msg) {
  console.error(`th-bench: ${msg}\n${USAGE}`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { threads: [1, 2], quick: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') opts.quick = true;
    else if (a === '--json') opts.json = true;
    else if (a === '--threads' || a.startsWith('--threads=')) {
      const v = a.includes('=') ? a.slice(10) : argv[++i];
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) usageError(`--threads: expected a positive integer, got ${v}`);
      opts.threads = [n];
    } else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else usageError(`unknown option ${a}`);
  }
  return opts;
}

const now = () => Number(process.hrtime.bigint()) / 1e9;

/** Median seconds per call: warm up, then time batches of calls (>= ~1 ms each) for `budget` s. */
function measure(fn, budget) {
  const t0 = now();
  let warm = 0;
  while (warm < 3 || now() - t0 < budget / 5) {
    fn();
    warm++;
  }
  const inner = Math.max(1, Math.round(1e-3 / ((now() - t0) / warm)));
  const samples = [];
  const start = now();
  while (samples.length < 5 || now() - start < budget) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < inner; i++) fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e9 / inner);
  }
  samples.sort((x, y) => x - y);
  const m = samples.length >> 1;
  return samples.length % 2 ? samples[m] : (samples[m - 1] + samples[m]) / 2;
}

/**
 * { cases: [{ name, fn, bytes }], inputs: every tensor the cases hold }; names and inputs match
 * th_bench_torch.py. bytes: read + written per call (0: report us/op).
 */
function makeCases() {
  const F = 4; // bytes per float32
  const inputs = [];
  const keep = (t) => (inputs.push(t), t);
  const lin = (n, lo = -4, hi = 4) => keep(th.linspace(lo, hi, n, { dtype: 'float32' }));
  const oneA = keep(th.ones([1]));
  const oneB = keep(th.ones([1]));
  const cases = [{ name: 'add 1 elem', fn: () => oneA.add(oneB).dispose(), bytes: 0 }];
  for (const [n, label] of [[1e6, '1e6'], [1e7, '1e7']]) {
    const a = lin(n);
    const b = lin(n, 3, -2);
    const out = keep(th.empty([n]));
    cases.push(
      { name: `add ${label}`, fn: () => a.add(b).dispose(), bytes: 3 * n * F },
      { name: `add ${label} out=`, fn: () => a.add(b, { out }), bytes: 3 * n * F },
      { name: `mul ${label}`, fn: () => a.mul(b).dispose(), bytes: 3 * n * F },
      { name: `mul ${label} out=`, fn: () => a.mul(b, { out }), bytes: 3 * n * F },
    );
  }
  const x = lin(1e6);
  for (const op of ['exp', 'tanh', 'sigmoid']) cases.push({ name: `${op} 1e6`, fn: () => x[op]().dispose(), bytes: 2e6 * F });
  const m = keep(lin(1e6).view([1000, 1000]));
  const row = lin(1000);
  const a2 = keep(lin(1e6).view([1000, 1000]));
  const b2 = keep(lin(1e6, 3, -2).view([1000, 1000]));
  const at = keep(a2.t());
  const bt = keep(b2.t());
  cases.push(
    { name: 'add [1000,1000]+[1000]', fn: () => m.add(row).dispose(), bytes: (2e6 + 1000) * F },
    { name: 'add a.t()+b.t()', fn: () => at.add(bt).dispose(), bytes: 3e6 * F },
    { name: 'add a.t()+b', fn: () => at.add(b2).dispose(), bytes: 3e6 * F },
  );
  return { cases, inputs };
}

// Other processes compete for the cores (multi-threaded timings suffer most), so every phase
// reports the CPUs' worth of time the rest of the machine used meanwhile: all CPUs' busy time
// minus the benchmarked process's own CPU time, over the wall time.
const machineBusy = () => os.cpus().reduce((s, c) => s + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0) / 1e3;
const startLoad = () => ({ busy: machineBusy(), wall: now() });
const otherLoad = (start, ownCpuSeconds) => Math.max(0, (machineBusy() - start.busy - ownCpuSeconds) / (now() - start.wall));
const ownCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** { version, results: { threads: { case: seconds } }, otherLoad } from PyTorch, or { error }. */
function runTorch(threads, quick) {
  if (!fs.existsSync(PYTHON)) return { error: `${PYTHON} not found` };
  const args = [TORCH_SCRIPT, '--json', '--threads', threads.join(',')];
  if (quick) args.push('--quick');
  const load = startLoad();
  const r = spawnSync(PYTHON, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) {
    const why = r.error ? r.error.message : (r.stderr || '').trim().split('\n').pop();
    return { error: `PyTorch run failed: ${why}` };
  }
  const { torch, cpuSeconds, results } = JSON.parse(r.stdout);
  return { version: torch, results, otherLoad: otherLoad(load, cpuSeconds) };
}

function fmtTime(sec) {
  if (sec == null) return '-';
  return sec < 1e-3 ? `${(sec * 1e6).toFixed(2)} us` : `${(sec * 1e3).toFixed(3)} ms`;
}

function fmtCell(sec, bytes) {
  if (sec == null) return '-';
  return bytes ? `${fmtTime(sec)} ${(bytes / sec / 1e9).toFixed(2).padStart(6)} GB/s` : `${(sec * 1e6).toFixed(2)} us/op`;
}

const BUSY = 0.1; // CPUs' worth of other load above which a phase is flagged

function printTable(rows, threads, torchLabel) {
  const header = ['case', 'TypeTorch', torchLabel, 'ratio'];
  const body = rows.map((r) => [r.name, fmtCell(r.th, r.bytes), fmtCell(r.torch, r.bytes), r.ratio == null ? '-' : r.ratio.toFixed(2)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ');
  console.log(`\n${threads} thread(s)`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const b of body) console.log(line(b));
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const budget = opts.quick ? 0.1 : 0.4;
  // PyTorch first, so that the two processes never compete for the cores.
  const torch = runTorch(opts.threads, opts.quick);
  const { cases, inputs } = makeCases();
  const report = { cpus: os.cpus().length, torch: torch.version ?? null, torchError: torch.error ?? null, torchOtherLoad: torch.otherLoad ?? null, otherLoad: {}, results: {} };
  for (const n of opts.threads) {
    th.setNumThreads(n);
    if (th.getNumThreads() !== n) throw new Error(`setNumThreads(${n}) did not take (getNumThreads() = ${th.getNumThreads()})`);
    const ref = torch.results ? torch.results[n] : {};
    const load = startLoad();
    const cpu0 = ownCpu();
    report.results[n] = cases.map(({ name, fn, bytes }) => {
      const t = measure(fn, budget);
      const p = ref[name] ?? null;
      return { name, bytes, th: t, torch: p, ratio: p == null ? null : p / t };
    });
    report.otherLoad[n] = otherLoad(load, ownCpu() - cpu0);
  }
  for (const t of inputs) t.dispose();
  report.leakedTensors = th.memoryStats().liveTensors; // results are disposed every call: expect 0
  report.peakRssMB = process.resourceUsage().maxRSS / 1024;
  if (opts.json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  console.log(`TypeTorch th (libTH ${th.libVersion}) vs ${torch.version ? `PyTorch ${torch.version}` : `no PyTorch (${torch.error})`}`);
  console.log(`${os.cpus()[0].model}, ${report.cpus} CPUs; budget ${budget} s per case`);
  console.log('ratio = PyTorch time / TypeTorch time (> 1: TypeTorch faster)');
  for (const n of opts.threads) printTable(report.results[n], n, torch.version ? 'PyTorch' : 'PyTorch (n/a)');
  const fmtLoad = (x) => (x == null ? '-' : x.toFixed(2));
  const thLoads = opts.threads.map((n) => `${fmtLoad(report.otherLoad[n])} (${n} thread(s))`).join(', ');
  console.log(`\nother processes' load, in CPUs: during TypeTorch ${thLoads}; during PyTorch ${fmtLoad(report.torchOtherLoad)}`);
  if ([...Object.values(report.otherLoad), report.torchOtherLoad].some((x) => x > BUSY))
    console.log('warning: the machine was busy; timings (multi-threaded ones most) are noisy');
  console.log(`peak RSS (JS side): ${report.peakRssMB.toFixed(1)} MB; tensors left alive: ${report.leakedTensors}`);
}

main();
