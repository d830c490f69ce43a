#!/usr/bin/env node
// `npm run test:emu`: THC's C tests and GPU jest suites on the CPU emulator (tools/test-emu-lib.js),
// for machines without a GPU. The last line is `tests: N passed, N failed, N skipped`.
'use strict';

const { emulatorTests } = require('./test-emu-lib');
const { summarize } = require('./test-lib');

emulatorTests()
  .then((results) => summarize(results, ['emulated: these runs check THC on the CPU, not on a GPU']))
  .catch((err) => {
    console.error(err && err.stack ? err.stack : err);
    console.log('tests: 0 passed, 1 failed, 0 skipped');
    process.exitCode = 1;
  });
