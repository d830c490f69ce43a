#!/usr/bin/env node
// The whole test suite, as `npm test` runs it:
//   1. type-check every package (tools/typecheck.js: tsc --noEmit -p <package>);
//   2. C tests: for every packages/<p>/test/c, configure packages/<p> with plain CMake
//      (BUILD_TESTING=ON, TT_BUILD_ADDON=OFF) in packages/<p>/build-ctest, build, run ctest;
//      with TT_SANITIZE=1, again in packages/<p>/build-ctest-asan with -DTT_SANITIZE=ON (Debug);
//   3. jest (root jest.config.js, one project per package); extra arguments go to jest:
//      `npm test -- -t broadcast`;
//   4. with TT_NOBLAS=1, libTH once more without BLAS and LAPACK (-DTH_WITH_BLAS=OFF
//      -DTH_WITH_LAPACK=OFF): its C tests in packages/th/build-ctest-noblas, and the jest suites of
//      matrix products and linalg against that build's addon (packages/th/build-noblas).
// Child output streams to the console. The last line is always
//   tests: N passed, N failed, N skipped
// summed over all parts; a failed type-check, configure or build counts as 1 failed.
// Exit status 1 if anything failed.
'use strict';

const fs = require('fs');
const path = require('path');
const { typecheck } = require('./typecheck');
const { ROOT, run, cTests, cudaDefs, jestTests, summarize } = require('./test-lib');
const { emulatorTests } = require('./test-emu-lib');

async function main() {
  const results = [];

  // 1. Types.
  for (const t of typecheck()) {
    results.push({ part: 'typecheck', name: t.name, passed: 0, failed: t.ok ? 0 : 1, skipped: 0, note: t.ok ? 'ok' : 'type errors' });
  }

  // 2. C tests.
  const packagesDir = path.join(ROOT, 'packages');
  const withCTests = fs.existsSync(packagesDir)
    ? fs.readdirSync(packagesDir).sort()
      .map((p) => path.join(packagesDir, p))
      .filter((d) => fs.existsSync(path.join(d, 'test', 'c')) && fs.existsSync(path.join(d, 'CMakeLists.txt')))
    : [];
  const sanitize = process.env.TT_SANITIZE === '1';
  const asanEnv = {
    ...process.env,
    ASAN_OPTIONS: process.env.ASAN_OPTIONS || 'detect_leaks=1',
    UBSAN_OPTIONS: process.env.UBSAN_OPTIONS || 'print_stacktrace=1:halt_on_error=1',
    // libTH's block cache would hide use-after-free from ASan: allocate and free for real.
    TH_CPU_CACHE: '0',
  };
  for (const dir of withCTests) {
    // CUDA packages (THC, ...) build only where nvcc is; elsewhere their C tests count as skipped.
    const cuda = cudaDefs(dir);
    if (cuda === null) {
      results.push({ part: 'ctest', name: `${path.basename(dir)} (build-ctest)`, passed: 0, failed: 0, skipped: 1, note: 'nvcc not found: not built' });
      continue;
    }
    // Here the GPU tests skip: compiling their kernels once, as PTX, checks them and saves CI time
    // (npm run test:gpu builds every architecture).
    const arch = cuda.length ? ['-DTHC_CUDA_ARCHITECTURES=90-virtual'] : [];
    results.push(await cTests(dir, 'build-ctest', ['-DCMAKE_BUILD_TYPE=RelWithDebInfo', ...cuda, ...arch]));
    if (sanitize) {
      results.push(await cTests(dir, 'build-ctest-asan', ['-DTT_SANITIZE=ON', '-DCMAKE_BUILD_TYPE=Debug', ...cuda, ...arch], asanEnv));
    }
  }

  // 3. jest.
  results.push(await jestTests(process.argv.slice(2)));

  // 4. libTH without BLAS and LAPACK: the built-in GEMM, and linalg's "built without LAPACK" errors.
  const noBlas = process.env.TT_NOBLAS === '1';
  const thDir = path.join(packagesDir, 'th');
  if (noBlas && fs.existsSync(thDir)) {
    const off = ['-DTH_WITH_BLAS=OFF', '-DTH_WITH_LAPACK=OFF'];
    results.push(await cTests(thDir, 'build-ctest-noblas', [...off, '-DCMAKE_BUILD_TYPE=RelWithDebInfo']));
    const cmakeJs = require.resolve('cmake-js/bin/cmake-js', { paths: [ROOT] });
    const addon = await run(process.execPath, [cmakeJs, 'compile', '--out', 'build-noblas', '--CDBUILD_TESTING=OFF', ...off.map((d) => '--C' + d.slice(1))], { cwd: thDir });
    if (addon.code !== 0) {
      results.push({ part: 'jest', name: 'th without BLAS', passed: 0, failed: 1, skipped: 0, note: 'addon build failed' });
    } else {
      const env = { ...process.env, TYPETORCH_TH_ADDON: path.join(thDir, 'build-noblas', 'Release', 'th.node') };
      results.push(await jestTests(['packages/th/test/(blas|linalg)'], 'th without BLAS', env));
    }
  }

  const emulate = process.env.TT_EMU === '1';
  if (emulate) results.push(...(await emulatorTests()));

  const notes = [];
  if (!emulate) notes.push("THC on the CPU emulator (packages/thc/test/emu) is tested with TT_EMU=1 or npm run test:emu");
  if (!sanitize && withCTests.length) notes.push('sanitizer builds of the C tests run with TT_SANITIZE=1');
  if (!noBlas) notes.push('the build without BLAS and LAPACK is tested with TT_NOBLAS=1');
  summarize(results, notes);
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : err);
  console.log('tests: 0 passed, 1 failed, 0 skipped');
  process.exitCode = 1;
});
