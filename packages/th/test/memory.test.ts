import { execFileSync } from 'child_process';
import * as path from 'path';
import * as th from '@typetorch/th';

describe('dispose()', () => {
  test('frees now, and a disposed tensor throws a clear error when used', () => {
    const before = th.memoryStats();
    const x = th.zeros([1000]);
    expect(th.memoryStats().bytes).toBe(before.bytes + 4000);
    x.dispose();
    expect(th.memoryStats().bytes).toBe(before.bytes);
    expect(x.isDisposed).toBe(true);
    expect(() => x.add(1)).toThrow('add: the input has been disposed and cannot be used any more');
    expect(() => x.shape).toThrow(/has been disposed/);
    expect(() => th.ones(2).add(x)).toThrow('add: the other has been disposed');
    expect(() => x.view(2)).toThrow('view: the tensor has been disposed');
    x.dispose(); // a second dispose is harmless
  });
  test('large freed blocks are cached for reuse until emptyCache()', () => {
    th.emptyCache();
    const x = th.zeros([1 << 20]); // 4 MB
    x.dispose();
    expect(th.memoryStats().cachedBytes).toBe(4 << 20);
    const y = th.zeros([1 << 20]); // reuses the block
    expect(th.memoryStats().cachedBytes).toBe(0);
    y.dispose();
    th.emptyCache();
    expect(th.memoryStats().cachedBytes).toBe(0);
  });
  test('a view keeps the storage alive after its base is disposed', () => {
    const base = th.arange(6);
    const v = base.view(2, 3);
    base.dispose();
    expect(v.toArray()).toEqual([[0, 1, 2], [3, 4, 5]]);
  });
});

describe('tidy()', () => {
  test('disposes everything created inside except what is returned', () => {
    const start = th.memoryStats().liveTensors;
    const a = th.ones(3);
    const kept = th.tidy(() => {
      const b = a.add(1);
      const c = b.mul(2);
      return { c, list: [b.exp()] };
    });
    expect(kept.c.toArray()).toEqual([4, 4, 4]);
    expect(kept.list[0].isDisposed).toBe(false);
    expect(th.memoryStats().liveTensors).toBe(start + 3);
    expect(a.isDisposed).toBe(false);
  });
  test('nested scopes hand kept tensors to the enclosing scope', () => {
    let inner: th.Tensor | undefined;
    const outer = th.tidy(() => {
      inner = th.tidy(() => th.ones(2).add(1));
      return th.zeros(1);
    });
    expect(inner!.isDisposed).toBe(true);
    expect(outer.isDisposed).toBe(false);
  });
  test('disposes on error and rejects async functions', () => {
    let leaked: th.Tensor | undefined;
    expect(() =>
      th.tidy(() => {
        leaked = th.ones(2);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(leaked!.isDisposed).toBe(true);
    expect(() => th.tidy((async () => th.ones(1)) as unknown as () => th.Tensor)).toThrow(/must be synchronous/);
  });
});

describe('garbage collection of tensor memory', () => {
  // Runs in a fresh Node process (the built package): jest's own heap would make every GC, and so
  // the loop, several times slower, and its RSS says nothing about the loop.
  const root = path.resolve(__dirname, '..', '..', '..');
  const loop = `
    const th = require('@typetorch/th');
    const a = th.ones([256 * 1024]), b = th.ones([256 * 1024]); // 1 MB of float32 each
    const start = process.memoryUsage().rss;
    let peak = start, elements = 0;
    for (let i = 0; i < 100000; i++) {
      const c = a.add(b); // a fresh 1 MB result every iteration, never disposed
      if (i % 1000 === 0) { elements += c.numel(); peak = Math.max(peak, process.memoryUsage().rss); }
    }
    console.log(JSON.stringify({ start, peak, elements }));`;

  test('a synchronous loop of 100k ops on 1 MB tensors with no dispose stays bounded', () => {
    const out = execFileSync(process.execPath, ['-e', loop], { cwd: root, encoding: 'utf8' });
    const { start, peak, elements } = JSON.parse(out) as { start: number; peak: number; elements: number };
    const growthMB = (peak - start) / 2 ** 20;
    console.log(`100k x 1 MB results, no dispose: peak RSS ${(peak / 2 ** 20).toFixed(0)} MB (grew ${growthMB.toFixed(0)} MB)`);
    expect(elements).toBe(100 * 256 * 1024);
    // 100k results are 100 GB in all; GC must keep the live set near V8's 64 MB external-memory limit.
    expect(growthMB).toBeLessThan(512);
  }, 120_000);
});

describe('errors while the GC frees tensors', () => {
  // Node 20 runs our finalizers inside the GC; before native errors were parked (binding/handle.h),
  // a GC while V8 rethrew a native exception aborted the process ("AllowJavascriptExecution").
  const root = path.resolve(__dirname, '..', '..', '..');
  const loop = `
    const th = require('@typetorch/th');
    let caught = 0, last = '';
    for (let i = 0; i < 200000; i++) {
      try { th.tensor([1, 2, 3, 4, 5, 6]).view([7]); } catch (e) { caught++; last = e.message; }
    }
    console.log(JSON.stringify({ caught, last }));`;

  test('200k failing ops in try/catch with garbage piling up: every error is caught, no abort', () => {
    const out = execFileSync(process.execPath, ['-e', loop], { cwd: root, encoding: 'utf8' });
    const { caught, last } = JSON.parse(out) as { caught: number; last: string };
    expect(caught).toBe(200000);
    expect(last).toMatch(/shape '\[7\]' is invalid for input of size 6/);
  }, 120_000);

  test('a parked error is thrown from the call that raised it, and only once', () => {
    const x = th.ones([2, 3]);
    expect(() => x.view([4])).toThrow(/invalid for input of size 6/);
    expect(x.view([3, 2]).shape).toEqual([3, 2]); // the next call is clean
    expect(() => x.add(th.ones([4]))).toThrow(/must match/);
    let stack = '';
    try {
      x.view([5]);
    } catch (e) {
      stack = (e as Error).stack ?? '';
    }
    expect(stack).toContain('memory.test.ts');
  });
});

describe('threads', () => {
  test('setNumThreads / getNumThreads', () => {
    const n = th.getNumThreads();
    th.setNumThreads(1);
    expect(th.getNumThreads()).toBe(1);
    const x = th.arange(100000).float();
    const serial = x.mul(3).sin().toArray();
    th.setNumThreads(2);
    expect(th.getNumThreads()).toBe(2);
    expect(x.mul(3).sin().toArray()).toEqual(serial);
    th.setNumThreads(n);
    expect(() => th.setNumThreads(0)).toThrow(/positive number of threads/);
  });
});
