// Where nvcc is: CUDACXX, else PATH, else /usr/local/cuda/bin (NOTES.md: CMake itself looks only
// at PATH and CUDACXX, so the build passes what this finds). null when there is none that runs.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

function runs(file) {
  try {
    execFileSync(file, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function findNvcc(env = process.env) {
  if (env.TYPETORCH_NO_CUDA) return null;
  if (env.CUDACXX) return runs(env.CUDACXX) ? env.CUDACXX : null;
  for (const dir of (env.PATH || '').split(path.delimiter)) {
    const file = dir && path.join(dir, 'nvcc');
    if (file && fs.existsSync(file) && runs(file)) return file;
  }
  const standard = '/usr/local/cuda/bin/nvcc';
  return fs.existsSync(standard) && runs(standard) ? standard : null;
}

module.exports = { findNvcc };
