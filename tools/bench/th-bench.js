#!/usr/bin/env node
// Benchmarks of @typetorch/th against PyTorch, as `npm run bench` runs them:
//   node tools/bench/th-bench.js [--suite a,b] [--threads N] [--quick] [--json]
// A suite is a pair of files in tools/bench/cases: <suite>.js exports makeCases(th) ->
// { cases: [{ name, fn, bytes }], inputs } and <suite>.py make_cases(torch) -> [(name, fn)], with the
// same names and inputs. Default: every suite.
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

const USAGE = 'usage: node tools/bench/th-bench.js [--suite a,b] [--threads N] [--quick] [--json]';
const CASES_DIR = path.join(__dirname, 'cases');
const ALL_SUITES = fs.readdirSync(CASES_DIR).filter((f) => f.endsWith('.js')).map((f) => f.slice(0, -3)).sort();
function usageError(msg) {
  console.error(`th-bench: ${msg}\n${USAGE}`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { threads: [1, 2], quick: false, json: false, suites: ALL_SUITES };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') opts.quick = true;
    else if (a === '--json') opts.json = true;
    else if (a === '--suite' || a.startsWith('--suite=')) {
      const v = a.includes('=') ? a.slice(8) : argv[++i];
      opts.suites = String(v).split(',');
      for (const s of opts.suites) if (!ALL_SUITES.includes(s)) usageError(`--suite: unknown suite ${s} (have ${ALL_SUITES.join(', ')})`);
    }
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
function runTorch(suites, threads, quick) {
  if (!fs.existsSync(PYTHON)) return { error: `${PYTHON} not found` };
  const args = [TORCH_SCRIPT, '--json', '--suite', suites.join(','), '--threads', threads.join(',')];
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
  const torch = runTorch(opts.suites, opts.threads, opts.quick);
  const cases = [];
  const inputs = [];
  for (const suite of opts.suites) {
    const made = require(path.join(CASES_DIR, `${suite}.js`)).makeCases(th);
    cases.push(...made.cases);
    inputs.push(...made.inputs);
  }
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
