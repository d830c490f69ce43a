#!/usr/bin/env node
// Builds libTHC and thc.node where nvcc is found (CUDACXX, PATH, /usr/local/cuda/bin), else
// records why in build/not-built.json and succeeds: THC is optional, and `torch.cuda.isAvailable()`
// then says "not built" with this reason.
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const build = path.join(root, 'build');
const marker = path.join(build, 'not-built.json');

function runs(file) {
  try {
    execFileSync(file, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function findNvcc() {
  if (process.env.CUDACXX) return runs(process.env.CUDACXX) ? process.env.CUDACXX : null;
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const file = path.join(dir, 'nvcc');
    if (dir && fs.existsSync(file) && runs(file)) return file;
  }
  const standard = '/usr/local/cuda/bin/nvcc';
  return fs.existsSync(standard) && runs(standard) ? standard : null;
}

fs.mkdirSync(build, { recursive: true });
const nvcc = process.env.TYPETORCH_NO_CUDA ? null : findNvcc();
if (!nvcc) {
  const reason = process.env.TYPETORCH_NO_CUDA
    ? 'TYPETORCH_NO_CUDA was set when it was installed'
    : 'nvcc (the CUDA toolkit) was not found on PATH, in CUDACXX or in /usr/local/cuda when it was installed';
  fs.rmSync(path.join(build, 'Release'), { recursive: true, force: true });
  fs.writeFileSync(marker, JSON.stringify({ built: false, reason }, null, 2) + '\n');
  console.log(`@typetorch/thc: not built: ${reason}`);
  process.exit(0);
}
fs.rmSync(marker, { force: true });
const cmakeJs = require.resolve('cmake-js/bin/cmake-js');
const args = [cmakeJs, 'compile', '--out', 'build', '--CDBUILD_TESTING=OFF', `--CDCMAKE_CUDA_COMPILER=${nvcc}`];
if (process.env.THC_CUDA_ARCHITECTURES) args.push(`--CDTHC_CUDA_ARCHITECTURES=${process.env.THC_CUDA_ARCHITECTURES}`);
const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
