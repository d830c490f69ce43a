import { execFileSync } from 'child_process';
import * as path from 'path';

// The built package (dist/, made by `npm install`) loads from ES modules and from CommonJS.
const root = path.resolve(__dirname, '..', '..', '..');
const run = (type: 'module' | 'commonjs', code: string): string =>
  execFileSync(process.execPath, ['--input-type=' + type, '-e', code], { cwd: root, encoding: 'utf8' }).trim();

test('import * as th from "@typetorch/th" works in an ES module', () => {
  const out = run('module', "import * as th from '@typetorch/th'; import { tensor } from '@typetorch/th'; console.log(tensor([1, 2]).add(th.ones(2)).toString());");
  expect(out).toBe('tensor([2., 3.])');
});

test('require("@typetorch/th") works in CommonJS', () => {
  const out = run('commonjs', "const th = require('@typetorch/th'); console.log(th.arange(3).mul(2).toString());");
  expect(out).toBe('tensor([0, 2, 4])');
});
