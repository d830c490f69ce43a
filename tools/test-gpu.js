#!/usr/bin/env node
// `npm run test:gpu`: the GPU checks, on a machine with an NVIDIA GPU, nvcc and (for the jest part)
// an `npm install`ed checkout. Nothing here can pass without a GPU: without one every part is
// reported as skipped.
//   1. libTHC's C tests (ctest) built for this machine, every GPU test running for real;
//   2. the same test programs under compute-sanitizer memcheck (when it is installed);
//   3. the addons (th, thc) and the GPU jest suites of @typetorch/thc (every op on the GPU against
//      TH's result on the same inputs) and @typetorch/autograd (values and gradients of every
//      differentiable op, torch.linalg included, on CUDA against PyTorch's fixtures);
//      TYPETORCH_REQUIRE_GPU=1 turns their skips into failures.
// cuBLAS is loaded from TYPETORCH_CUBLAS, else from the CUDA toolkit beside nvcc, else from Python's
// nvidia-cublas wheel when python3 has one, else from the loader's paths. The last line is `tests: N passed, N failed, N skipped`.
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

process.env.TT_JOBS = process.env.TT_JOBS || String(os.cpus().length);
const { ROOT, JOBS, TEST_TIMEOUT_S, run, cTests, cudaDefs, jestTests, summarize } = require('./test-lib');
const { GPU_SUITES } = require('./test-emu-lib');

const THC = path.join(ROOT, 'packages', 'thc');

function output(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** A folder holding libcublas: the CUDA toolkit's beside nvcc, else Python's nvidia-cublas wheel's
 * (nvidia/cublas/lib, or nvidia/cu13/lib in CUDA 13's wheels); null when neither has one. */
function findCublas(nvcc) {
  const dirs = [];
  if (nvcc) dirs.push(path.join(path.dirname(nvcc), '..', 'lib64'));
  const nvidia = output('python3', ['-c', 'import nvidia; print("\\n".join(nvidia.__path__))']);
  for (const root of nvidia ? nvidia.split('\n') : []) {
    if (!fs.existsSync(root)) continue;
    for (const sub of fs.readdirSync(root)) dirs.push(path.join(root, sub, 'lib'));
  }
  const hasCublas = (d) => fs.existsSync(d) && fs.readdirSync(d).some((f) => /^libcublas\.so\.\d+$/.test(f));
  return dirs.find(hasCublas) ?? null;
}

async function main() {
  const results = [];
  const gpus = output('nvidia-smi', ['-L']);
  const defs = cudaDefs(THC);
  if (!gpus || defs === null) {
    const why = !gpus ? 'no GPU (nvidia-smi -L failed)' : 'nvcc not found';
    results.push({ part: 'gpu', name: 'THC on a GPU', passed: 0, failed: 0, skipped: 1, note: `skipped: ${why}` });
    summarize(results);
    return;
  }
  console.log(gpus);
  const env = { ...process.env };
  if (!env.TYPETORCH_CUBLAS) {
    const lib = findCublas(require(path.join(THC, 'scripts', 'find-nvcc.js')).findNvcc());
    if (lib) env.TYPETORCH_CUBLAS = lib;
  }
  console.log(`cuBLAS: ${env.TYPETORCH_CUBLAS ?? 'from the loader paths'}`);

  // 1. C tests.
  const build = 'build-ctest-gpu';
  results.push(await cTests(THC, build, ['-DCMAKE_BUILD_TYPE=RelWithDebInfo', ...defs], env));

  // 2. memcheck of the same programs.
  const sanitizer = output('bash', ['-c', 'command -v compute-sanitizer || ls /usr/local/cuda/bin/compute-sanitizer']);
  const bin = path.join(THC, build);
  if (!sanitizer) {
    results.push({ part: 'memcheck', name: 'libTHC', passed: 0, failed: 0, skipped: 1, note: 'compute-sanitizer not found' });
  } else if (fs.existsSync(bin)) {
    const r = { part: 'memcheck', name: 'libTHC', passed: 0, failed: 0, skipped: 0 };
    for (const f of fs.readdirSync(bin).filter((n) => n.startsWith('test_')).sort()) {
      // The tests' own failing calls (out of memory on purpose, bad arguments) are checked by the
      // tests; memcheck reports memory errors and leaks. It sub-allocates device memory itself, so
      // the tests leave out their checks of the driver's free memory (THC_TEST_SHARED_GPU), and it
      // runs kernels many times slower: the reduction and scan tests take their small sizes.
      const args = ['--tool', 'memcheck', '--report-api-errors', 'no', '--error-exitcode', '99', '--leak-check', 'full', path.join(bin, f)];
      const s = await run(sanitizer, args, { env: { ...env, THC_TEST_SHARED_GPU: '1', THC_TEST_SMALL: '1' }, timeoutS: TEST_TIMEOUT_S });
      if (s.code === 77) r.skipped++;
      else if (s.code === 0) r.passed++;
      else r.failed++;
    }
    results.push(r);
  }

  // 3. The addons and the GPU jest suites.
  if (!fs.existsSync(path.join(ROOT, 'node_modules', 'jest'))) {
    results.push({ part: 'jest', name: 'thc (GPU)', passed: 0, failed: 0, skipped: 1, note: 'no node_modules: run npm install first' });
  } else {
    let ok = true;
    for (const p of ['th', 'thc']) {
      const b = await run('npm', ['run', 'build:native', '-w', `@typetorch/${p}`], { env: { ...env, CMAKE_BUILD_PARALLEL_LEVEL: JOBS } });
      if (b.code !== 0) {
        results.push({ part: 'build', name: `${p} addon`, passed: 0, failed: 1, skipped: 0, note: 'build failed' });
        ok = false;
      }
    }
    if (ok) results.push(await jestTests(GPU_SUITES, 'thc, autograd (GPU)', { ...env, TYPETORCH_REQUIRE_GPU: '1' }));
  }
  summarize(results);
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : err);
  console.log('tests: 0 passed, 1 failed, 0 skipped');
  process.exitCode = 1;
});
