// libTHC on the CPU emulator of packages/thc/test/emu (no GPU needed): its C tests built with the
// kernels on emulated threads, under AddressSanitizer and UBSan, then thc.node built on the
// emulator and the GPU jest suites run against it. These check THC's logic (kernels' indexing,
// barriers, launches, the host code, the binding, autograd on 'cuda'), not CUDA itself: their
// counts are the emulator's, never a GPU's. Needs the CUDA headers (CUDA_HOME or /usr/local/cuda).
'use strict';

const fs = require('fs');
const path = require('path');
const { ROOT, JOBS, run, cTests, jestTests } = require('./test-lib');

const THC = path.join(ROOT, 'packages', 'thc');
const GPU_SUITES = ['packages/thc/test/gpu', 'packages/autograd/test/cuda'];

/** The results of the emulator's parts (skipped, with the reason, without the CUDA headers). */
async function emulatorTests() {
  const include = path.join(process.env.CUDA_HOME || '/usr/local/cuda', 'include', 'cuda_runtime.h');
  if (!fs.existsSync(include)) {
    return [{ part: 'emulator', name: 'THC on the CPU emulator', passed: 0, failed: 0, skipped: 1, note: `skipped: no ${include}` }];
  }
  const env = { ...process.env, TYPETORCH_CUBLAS: 'none', TH_CPU_CACHE: '0', UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1' };
  const results = [];
  const c = await cTests(THC, 'build-ctest-emu', ['-DTHC_EMULATE=ON', '-DTT_SANITIZE=ON', '-DCMAKE_BUILD_TYPE=RelWithDebInfo'], env);
  results.push({ ...c, part: 'emulator', name: 'libTHC C tests (emulated)' });
  const buildDir = path.join(THC, 'build-emu');
  const b = await run(process.execPath, [path.join(THC, 'scripts', 'build-native.js')], {
    env: { ...env, THC_EMULATE: '1', THC_BUILD_DIR: buildDir, CMAKE_BUILD_PARALLEL_LEVEL: JOBS },
  });
  if (b.code !== 0) {
    results.push({ part: 'emulator', name: 'GPU jest suites (emulated)', passed: 0, failed: 1, skipped: 0, note: 'thc.node build failed' });
    return results;
  }
  const addon = path.join(buildDir, 'Release', 'thc.node');
  const j = await jestTests(GPU_SUITES, 'GPU jest suites (emulated)', { ...env, TYPETORCH_THC_ADDON: addon, TYPETORCH_REQUIRE_GPU: '1' });
  results.push({ ...j, part: 'emulator' });
  return results;
}

module.exports = { emulatorTests, GPU_SUITES };
