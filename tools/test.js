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
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { typecheck } = require('./typecheck');

const ROOT = path.resolve(__dirname, '..');
const JOBS = '2';

/** Runs a command, streaming its output to ours; resolves to { code, output }. */
function run(cmd, args, opts = {}) {
  console.log(`\n> ${[cmd, ...args].join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd || ROOT,
      env: opts.env || process.env,
      stdio: ['inherit', 'pipe', 'pipe'],
    });
    const chunks = [];
    child.stdout.on('data', (d) => { chunks.push(d); process.stdout.write(d); });
    child.stderr.on('data', (d) => { chunks.push(d); process.stderr.write(d); });
    child.on('error', (err) => {
      console.error(`cannot run ${cmd}: ${err.message}`);
      resolve({ code: 127, output: Buffer.concat(chunks).toString() });
    });
    child.on('close', (code, signal) => {
      resolve({ code: code === null ? `signal ${signal}` : code, output: Buffer.concat(chunks).toString() });
    });
  });
}

/**
 * Counts from ctest's output. ctest's summary line is
 *   "80% tests passed, 1 tests failed out of 5"
 * where the total includes skipped tests (a test that exits with its SKIP_RETURN_CODE prints
 * "***Skipped" and counts as passed in that percentage) but not disabled ones. Skipped and
 * disabled tests are listed under "The following tests did not run:" as "(Skipped)" or
 * "(Disabled)". A test whose executable is missing ("***Not Run") is counted as failed by ctest.
 */
function parseCtest(output) {
  const m = output.match(/(\d+)% tests passed, (\d+) tests? failed out of (\d+)/);
  if (!m) return null;
  const failed = Number(m[2]);
  const total = Number(m[3]);
  let skippedInTotal = 0;
  let disabled = 0;
  const notRun = output.split('The following tests did not run:')[1];
  if (notRun) {
    for (const line of notRun.split('\n').slice(1)) {
      const t = line.match(/^\s+\d+ - .* \((\w+)\)\s*$/);
      if (!t) break;
      if (t[1] === 'Skipped') skippedInTotal++;
      else if (t[1] === 'Disabled') disabled++;
    }
  }
  return { passed: total - failed - skippedInTotal, failed, skipped: skippedInTotal + disabled };
}

/** Configures, builds and runs the C tests of one package in one build directory. */
async function cTests(pkgDir, buildName, extraDefs, env) {
  const name = `${path.basename(pkgDir)} (${buildName})`;
  const src = path.relative(ROOT, pkgDir);
  const bin = path.join(src, buildName);
  const configure = await run('cmake', [
    '-S', src, '-B', bin,
    '-DBUILD_TESTING=ON', '-DTT_BUILD_ADDON=OFF', ...extraDefs,
  ], { env });
  if (configure.code !== 0) return { part: 'ctest', name, passed: 0, failed: 1, skipped: 0, note: 'cmake configure failed' };
  const build = await run('cmake', ['--build', bin, '-j', JOBS], { env });
  if (build.code !== 0) return { part: 'ctest', name, passed: 0, failed: 1, skipped: 0, note: 'build failed' };
  const ctest = await run('ctest', ['--test-dir', bin, '--output-on-failure', '--no-tests=error'], { env });
  const counts = parseCtest(ctest.output);
  if (!counts) {
    return { part: 'ctest', name, passed: 0, failed: 1, skipped: 0, note: `no ctest summary (exit ${ctest.code})` };
  }
  if (ctest.code !== 0 && counts.failed === 0) {
    return { part: 'ctest', name, ...counts, failed: 1, note: `ctest exited with ${ctest.code}` };
  }
  return { part: 'ctest', name, ...counts };
}

/**
 * Extra CMake definitions for a package that needs nvcc (it has scripts/find-nvcc.js): the CUDA
 * compiler, or null when there is none. [] for every other package.
 */
function cudaDefs(pkgDir) {
  const finder = path.join(pkgDir, 'scripts', 'find-nvcc.js');
  if (!fs.existsSync(finder)) return [];
  const nvcc = require(finder).findNvcc();
  return nvcc ? [`-DCMAKE_CUDA_COMPILER=${nvcc}`] : null;
}

/** Runs jest with --json and reads the counts from its result file. */
async function jestTests(extraArgs, name = 'all projects', env = process.env) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'typetorch-jest-'));
  const outFile = path.join(tmp, 'results.json');
  try {
    const jestBin = require.resolve('jest/bin/jest', { paths: [ROOT] });
    const r = await run(process.execPath, [jestBin, '--json', `--outputFile=${outFile}`, ...extraArgs], { env });
    if (!fs.existsSync(outFile)) {
      return { part: 'jest', name, passed: 0, failed: 1, skipped: 0, note: `no results (exit ${r.code})` };
    }
    const j = JSON.parse(fs.readFileSync(outFile, 'utf8'));
    // A suite that fails to load (syntax error, missing module, throw at top level) has no test
    // results: it shows up only in numRuntimeErrorTestSuites.
    const res = {
      part: 'jest',
      name,
      passed: j.numPassedTests || 0,
      failed: (j.numFailedTests || 0) + (j.numRuntimeErrorTestSuites || 0),
      skipped: (j.numPendingTests || 0) + (j.numTodoTests || 0),
    };
    if (j.numRuntimeErrorTestSuites) res.note = `${j.numRuntimeErrorTestSuites} suite(s) failed to run`;
    if (r.code !== 0 && res.failed === 0) {
      res.failed = 1;
      res.note = `jest exited with ${r.code}`;
    }
    return res;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

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
    results.push(await cTests(dir, 'build-ctest', ['-DCMAKE_BUILD_TYPE=RelWithDebInfo', ...cuda]));
    if (sanitize) {
      results.push(await cTests(dir, 'build-ctest-asan', ['-DTT_SANITIZE=ON', '-DCMAKE_BUILD_TYPE=Debug', ...cuda], asanEnv));
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

  // Summary.
  const total = { passed: 0, failed: 0, skipped: 0 };
  console.log('\nSummary');
  for (const r of results) {
    total.passed += r.passed;
    total.failed += r.failed;
    total.skipped += r.skipped;
    const counts = r.part === 'typecheck' ? '' : `${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`;
    console.log(`  ${r.part.padEnd(10)} ${r.name.padEnd(28)} ${counts}${r.note ? (counts ? '  ' : '') + r.note : ''}`);
  }
  if (!sanitize && withCTests.length) console.log('  (sanitizer builds of the C tests run with TT_SANITIZE=1)');
  if (!noBlas) console.log('  (the build without BLAS and LAPACK is tested with TT_NOBLAS=1)');
  console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.exitCode = total.failed > 0 ? 1 : 0;
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : err);
  console.log('tests: 0 passed, 1 failed, 0 skipped');
  process.exitCode = 1;
});
