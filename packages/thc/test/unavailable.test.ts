// What THC does where CUDA cannot be used: not built (no nvcc at install), or built on a machine
// without a GPU or driver (CUDA error 35/100). Nothing crashes; every device call says why.
// On a machine with a GPU the first group is skipped (counted as skipped) and gpu.*.test.ts run.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as th from '@typetorch/th';
import * as thc from '@typetorch/thc';
import { loadFrom } from '../ts/native';

const { cuda } = thc;
const describeWithoutGpu = cuda.isAvailable() ? describe.skip : describe;
const REASON = /not built|CUDA is not available|could not load/;

describeWithoutGpu('without a usable GPU', () => {
  test('isAvailable is false and the reason is given', () => {
    expect(cuda.isAvailable()).toBe(false);
    expect(cuda.unavailableReason()).toMatch(REASON);
    expect(cuda.deviceCount()).toBe(0);
  });

  test('a built addon reports the CUDA error from the runtime', () => {
    if (!cuda.isBuilt()) {
      expect(cuda.unavailableReason()).toMatch(/not built|could not load/);
      expect(cuda.runtimeVersion()).toBeNull();
      return;
    }
    // no driver: error 35 (insufficient driver); a driver without devices: 100 (no device)
    expect(cuda.unavailableReason()).toMatch(/CUDA error (35|100) \(cudaError\w+\)/);
    expect(cuda.runtimeVersion()).toBeGreaterThanOrEqual(12000);
    if (/CUDA error 35/.test(cuda.unavailableReason()!)) expect(cuda.driverVersion()).toBe(0);
    else expect(cuda.driverVersion()).toBeGreaterThan(0);
  });

  test('device functions throw the reason', () => {
    expect(() => cuda.currentDevice()).toThrow(REASON);
    expect(() => cuda.setDevice(0)).toThrow(REASON);
    expect(() => cuda.synchronize()).toThrow(REASON);
    expect(() => cuda.getDeviceProperties(0)).toThrow(REASON);
    expect(() => cuda.memGetInfo()).toThrow(REASON);
    expect(() => cuda.deviceContext(0, () => 1)).toThrow(REASON);
    expect(() => new cuda.Stream()).toThrow(REASON);
    expect(() => new cuda.Event()).toThrow(REASON);
    expect(() => cuda.currentStream()).toThrow(REASON);
    expect(() => cuda.resetPeakMemoryStats()).toThrow(REASON);
  });

  test('PyTorch calls it "not compiled with CUDA" when the package was not built', () => {
    if (cuda.isBuilt()) expect(() => cuda.currentDevice()).toThrow(/^CUDA is not available: CUDA error/);
    else expect(() => cuda.currentDevice()).toThrow(/^Torch not compiled with CUDA enabled/);
  });

  test('memory functions report nothing instead of failing, as PyTorch before CUDA is initialised', () => {
    expect(cuda.memoryAllocated()).toBe(0);
    expect(cuda.maxMemoryAllocated()).toBe(0);
    expect(cuda.memoryReserved()).toBe(0);
    expect(cuda.maxMemoryReserved()).toBe(0);
    expect(cuda.memoryStats()).toEqual({});
    expect(() => cuda.emptyCache()).not.toThrow();
    expect(cuda.hostMemoryStats()).toEqual({ reservedBytes: 0, allocatedBytes: 0 });
  });

  test('moving tensors to CUDA throws the reason and leaves the tensor usable', () => {
    const x = th.tensor([1, 2, 3]);
    expect(() => x.cuda()).toThrow(REASON);
    expect(() => x.to('cuda')).toThrow(REASON);
    expect(() => x.to('cuda:0', 'float64')).toThrow(REASON);
    expect(() => x.to({ device: 'cuda:1' })).toThrow(REASON);
    expect(() => x.pinMemory()).toThrow(REASON);
    expect(x.isPinned()).toBe(false);
    expect(x.device).toBe('cpu');
    expect(x.isCuda).toBe(false);
    expect(x.add(1).toArray()).toEqual([2, 3, 4]);
  });

  test('creating tensors on CUDA throws the reason', () => {
    expect(() => th.zeros([2], { device: 'cuda' })).toThrow(REASON);
    expect(() => th.empty([2, 3], { device: 'cuda:0' })).toThrow(REASON);
    expect(() => th.full([2], 1, { device: 'cuda' })).toThrow(REASON);
    expect(() => th.arange(5, { device: 'cuda' })).toThrow(REASON);
    expect(() => th.tensor([1, 2], { device: 'cuda' })).toThrow(REASON);
    expect(() => th.rand([2], { device: 'cuda' })).toThrow(REASON);
    expect(() => th.randperm(4, { device: 'cuda' })).toThrow(REASON);
  });
});

describe('devices, on any machine', () => {
  test('device strings are parsed as PyTorch does', () => {
    expect(th.device('cuda').toString()).toBe('cuda');
    expect(th.device('cuda:1').index).toBe(1);
    expect(th.device('cpu').type).toBe('cpu');
    expect(() => th.device('gpu')).toThrow(/Expected one of cpu, cuda device type at start of device string: gpu/);
    expect(() => th.device('cuda:x')).toThrow(/Expected one of cpu, cuda device type/);
    expect(() => th.zeros([2], { device: 'tpu' })).toThrow(/Expected one of cpu, cuda device type at start of device string: tpu/);
    expect(() => th.tensor([1]).cuda('cpu')).toThrow(/Invalid device, must be cuda device, got cpu/);
  });

  test('cpu targets keep host tensors as they are', () => {
    const x = th.tensor([1, 2]);
    expect(x.cpu()).toBe(x);
    expect(x.to('cpu')).toBe(x);
    const copy = x.to('cpu', { copy: true });
    expect(copy).not.toBe(x);
    expect(copy.toArray()).toEqual([1, 2]);
    const d = x.to('cpu', 'float64');
    expect(d.dtype).toBe('float64');
    expect(x.to(d).dtype).toBe('float64');
    expect(th.zeros([2], { device: 'cpu' }).device).toBe('cpu');
  });

  test('torch.cuda argument errors', () => {
    expect(() => cuda.synchronize('cuda:x')).toThrow(/Invalid device, must be cuda device, got cuda:x/);
    expect(() => cuda.setStream({} as never)).toThrow(/expected a torch.cuda.Stream/);
    expect(() => cuda.streamContext(5 as never, () => 0)).toThrow(/expected a torch.cuda.Stream or null/);
    expect(cuda.streamContext(null, () => 42)).toBe(42);
  });

  test('an install without nvcc records why and the package loads as "not built"', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thc-not-built-'));
    try {
      execFileSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'build-native.js')], {
        env: { ...process.env, TYPETORCH_NO_CUDA: '1', THC_BUILD_DIR: path.join(dir, 'build') },
        stdio: 'pipe',
      });
      const marker = JSON.parse(fs.readFileSync(path.join(dir, 'build', 'not-built.json'), 'utf8'));
      expect(marker).toEqual({ built: false, reason: 'TYPETORCH_NO_CUDA was set when it was installed' });
      const l = loadFrom(dir);
      expect(l.native).toBeNull();
      expect(l.reason).toBe('@typetorch/thc was not built: TYPETORCH_NO_CUDA was set when it was installed');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a missing or broken addon file is reported, not thrown at load', () => {
    const l = loadFrom(os.tmpdir(), path.join(os.tmpdir(), 'no-such-thc.node'));
    expect(l.native).toBeNull();
    expect(l.reason).toMatch(/could not load its addon at .*no-such-thc.node/);
  });

  test('loading @typetorch/thc makes cuda a device of @typetorch/th', () => {
    expect(th.loadedDeviceLibrary('cuda')).not.toBeNull();
    expect(th.loadedDeviceLibrary('cuda')!.type).toBe('cuda');
  });
});
