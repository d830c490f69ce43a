// Whether the GPU suites run: where a CUDA tensor can be made (@typetorch/thc built, a device
// present), or when TYPETORCH_REQUIRE_GPU=1 (npm run test:gpu, test:emu) demands it. Elsewhere
// they are skipped, and counted as skipped.
import * as th from '@typetorch/th';

const usable = (() => {
  try {
    th.empty([0], { device: 'cuda' }).dispose();
    return true;
  } catch {
    return false;
  }
})();

export const describeGpu: jest.Describe = usable || process.env.TYPETORCH_REQUIRE_GPU === '1' ? describe : describe.skip;
