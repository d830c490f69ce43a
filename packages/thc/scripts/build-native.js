#!/usr/bin/env node
// Builds libTHC and thc.node where nvcc is found (scripts/find-nvcc.js), else records why in
// build/not-built.json and succeeds: THC is optional, and `cuda.isAvailable()` is then false with
// this reason. THC_BUILD_DIR puts the marker elsewhere (the tests use it).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { findNvcc } = require('./find-nvcc');

const root = path.join(__dirname, '..');
const build = process.env.THC_BUILD_DIR || path.join(root, 'build');
const marker = path.join(build, 'not-built.json');

fs.mkdirSync(build, { recursive: true });
// THC_EMULATE=1: libTHC for test/emu's CPU emulator instead (no nvcc needed; for tests only)
const emulate = process.env.THC_EMULATE === '1';
const nvcc = emulate ? null : findNvcc();
if (!nvcc && !emulate) {
  const reason = process.env.TYPETORCH_NO_CUDA
    ? 'TYPETORCH_NO_CUDA was set when it was installed'
    : 'nvcc (the CUDA toolkit) was not found in CUDACXX, on PATH or in /usr/local/cuda/bin when it was installed';
  fs.rmSync(path.join(build, 'Release'), { recursive: true, force: true });
  fs.writeFileSync(marker, JSON.stringify({ built: false, reason }, null, 2) + '\n');
  console.log(`@typetorch/thc: not built: ${reason}`);
  process.exit(0);
}
fs.rmSync(marker, { force: true });
const cmakeJs = require.resolve('cmake-js/bin/cmake-js', { paths: [root] });
const args = [cmakeJs, 'compile', '--out', path.relative(root, build) || 'build', '--CDBUILD_TESTING=OFF'];
args.push(emulate ? '--CDTHC_EMULATE=ON' : `--CDCMAKE_CUDA_COMPILER=${nvcc}`);
if (process.env.THC_CUDA_ARCHITECTURES) args.push(`--CDTHC_CUDA_ARCHITECTURES=${process.env.THC_CUDA_ARCHITECTURES}`);
const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
