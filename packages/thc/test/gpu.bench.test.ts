// On a GPU: `npm run bench:gpu` (tools/bench/gpu-bench.js) works end to end. Its --smoke mode runs
// every case at tiny sizes without PyTorch, so a broken case shows up here, not on the first run
// of the benchmark on a GPU. Its figures are not checked: at these sizes they mean nothing.
import { execFileSync } from 'child_process';
import * as path from 'path';
import { cuda } from '@typetorch/thc';
import { describeGpu } from './gpu';

describeGpu('the GPU benchmark script', () => {
  test('runs every case (and the GEMMs again with the built-in kernel) and reports each', () => {
    const root = path.resolve(__dirname, '..', '..', '..');
    const out = execFileSync(process.execPath, [path.join(root, 'tools', 'bench', 'gpu-bench.js'), '--smoke', '--json'], {
      cwd: root,
      encoding: 'utf8',
    });
    const { device, rows } = JSON.parse(out) as { device: string; rows: { name: string; seconds: number; figure: string }[] };
    expect(device).toBe(cuda.getDeviceName());
    const names = rows.map((r) => r.name);
    expect(names).toEqual([
      'sgemm 4096',
      'hgemm 4096',
      'copy 1e8 (device to device)',
      'add 1e8 out=',
      'add 1e8',
      'sum 1e8',
      'sum rows [4096,4096]',
      'amax rows [4096,4096]',
      'logsumexp rows [4096,4096]',
      'sum columns [4096,4096]',
      'var columns [4096,4096]',
      'topk 10 of rows [64,50000]',
      'median of rows [64,50000]',
      'add 1 elem',
      'alloc/free mixed sizes',
      'sgemm 4096 (built-in kernel)',
      'hgemm 4096 (built-in kernel)',
    ]);
    for (const r of rows) {
      expect(Number.isFinite(r.seconds) && r.seconds > 0).toBe(true);
      expect(r.figure).toMatch(/^\d+(\.\d+)? (TFLOP\/s|GB\/s|us\/op)/);
    }
    expect(rows.find((r) => r.name === 'add 1e8')!.figure).toMatch(/% of copy\)$/);
  }, 300_000);
});
