#!/usr/bin/env node
// Type-checks every package: `tsc --noEmit -p <dir>` for each packages/*/tsconfig.json and
// examples/*/tsconfig.json. jest runs ts-jest with isolatedModules (transpile only), so this is
// where type errors in sources and tests are caught.
// Usage: node tools/typecheck.js          (exit status 1 if any project has a type error)
'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');

function projectDirs() {
  const dirs = [];
  for (const group of ['packages', 'examples']) {
    const base = path.join(ROOT, group);
    if (!fs.existsSync(base)) continue;
    for (const name of fs.readdirSync(base).sort()) {
      const dir = path.join(base, name);
      if (fs.existsSync(path.join(dir, 'tsconfig.json'))) dirs.push(dir);
    }
  }
  return dirs;
}

/** Runs tsc on each project, streaming its output. Returns [{ name, ok }]. */
function typecheck() {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  return projectDirs().map((dir) => {
    const name = path.relative(ROOT, dir);
    console.log(`\n> tsc --noEmit -p ${name}`);
    const r = spawnSync(process.execPath, [tsc, '--noEmit', '-p', dir], { cwd: ROOT, stdio: 'inherit' });
    const ok = r.status === 0;
    if (!ok) console.log(`type-check FAILED: ${name}`);
    return { name, ok };
  });
}

module.exports = { typecheck };

if (require.main === module) {
  const results = typecheck();
  const bad = results.filter((r) => !r.ok);
  console.log(`\ntypecheck: ${results.length - bad.length} of ${results.length} projects ok`);
  process.exit(bad.length ? 1 : 0);
}
