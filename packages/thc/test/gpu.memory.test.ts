// On a GPU: CUDA tensors that are never disposed are freed by the GC, so a plain synchronous loop
// of fresh results does not run the device out of memory. Skipped without a usable GPU, like the
// other gpu.* suites; `npm run test:gpu` makes it run.
import { execFileSync } from 'child_process';
import * as path from 'path';
import * as th from '@typetorch/th';
import { cuda } from '@typetorch/thc';
import { describeGpu } from './gpu';

describeGpu('device memory and the garbage collector', () => {
  // A fresh Node process (the built packages), as th's memory test: jest's heap is not the loop's.
  const root = path.resolve(__dirname, '..', '..', '..');
  const loop = `
    const th = require('@typetorch/th');
    const { cuda } = require('@typetorch/thc');
    const block = 128 * 2 ** 20;
    const steps = Math.ceil((16 * cuda.getDeviceProperties().totalMemory) / block);
    let elements = 0;
    for (let i = 0; i < steps; i++) elements += th.empty([block / 4], { device: 'cuda' }).numel(); // never disposed
    console.log(JSON.stringify({ steps, elements, total: cuda.getDeviceProperties().totalMemory, peak: cuda.maxMemoryAllocated() }));`;

  // Fails without the collection on out-of-memory (ts/out_of_memory.ts): the device fills with
  // unreachable tensors long before V8 collects them by itself.
  test('a loop that never disposes its results allocates 16x the device memory without running out', () => {
    const out = execFileSync(process.execPath, ['-e', loop], { cwd: root, encoding: 'utf8' });
    const { steps, elements, total, peak } = JSON.parse(out) as { steps: number; elements: number; total: number; peak: number };
    console.log(`${steps} x 128 MiB CUDA results, no dispose, on a ${(total / 2 ** 30).toFixed(0)} GiB device: peak allocated ${(peak / 2 ** 30).toFixed(2)} GiB`);
    expect(elements).toBe(steps * 32 * 2 ** 20);
  }, 300_000);

  test('a single allocation larger than the device still fails with CUDA\'s out-of-memory error', () => {
    const total = cuda.getDeviceProperties().totalMemory;
    const huge = () => th.empty([Math.ceil((2 * total) / 4)], { device: 'cuda' });
    // The first failure's retry collects what earlier suites in this worker left to the GC, so
    // that the second one's count of allocated bytes can only change by its own doing.
    expect(huge).toThrow(/^CUDA out of memory\. Tried to allocate/);
    const before = cuda.memoryAllocated();
    expect(huge).toThrow(/^CUDA out of memory\. Tried to allocate/);
    expect(cuda.memoryAllocated()).toBe(before);
  });
});
