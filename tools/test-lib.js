// What the test runners share (test.js for `npm test`, test-gpu.js for `npm run test:gpu`):
// running a command with streamed output, C tests through CMake/ctest, jest with counted results,
// and the summary whose last line is `tests: N passed, N failed, N skipped`.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
// parallel build jobs (TT_JOBS; CI has 2 cores)
const JOBS = process.env.TT_JOBS || '2';

// a C test program running longer than this (seconds) is hung: it fails rather than holding CI
const TEST_TIMEOUT_S = 1500;

/** Runs a command, streaming its output to ours; resolves to { code, output }. opts.timeoutS:
 * killed after that many seconds. */
function run(cmd, args, opts = {}) {
  console.log(`\n> ${[cmd, ...args].join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd || ROOT,
      env: opts.env || process.env,
      stdio: ['inherit', 'pipe', 'pipe'],
      timeout: opts.timeoutS ? opts.timeoutS * 1000 : undefined,
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
  const ctest = await run('ctest', ['--test-dir', bin, '--output-on-failure', '--no-tests=error', '--timeout', String(TEST_TIMEOUT_S)], { env });
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

/** Prints one line per part and the totals line; sets the exit status. */
function summarize(results, notes = []) {
  const total = { passed: 0, failed: 0, skipped: 0 };
  console.log('\nSummary');
  for (const r of results) {
    total.passed += r.passed;
    total.failed += r.failed;
    total.skipped += r.skipped;
    const counts = r.part === 'typecheck' ? '' : `${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`;
    console.log(`  ${r.part.padEnd(10)} ${r.name.padEnd(28)} ${counts}${r.note ? (counts ? '  ' : '') + r.note : ''}`);
  }
  for (const n of notes) console.log(`  (${n})`);
  console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.exitCode = total.failed > 0 ? 1 : 0;
}

module.exports = { ROOT, JOBS, TEST_TIMEOUT_S, run, parseCtest, cTests, cudaDefs, jestTests, summarize };
