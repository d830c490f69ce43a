// Whether the gpu.* suites run: where CUDA is usable, or when TYPETORCH_REQUIRE_GPU=1 (npm run
// test:gpu, test:emu) demands it, so that a missing GPU fails them there. Elsewhere they are
// skipped, and counted as skipped.
import { cuda } from '@typetorch/thc';

export const describeGpu: jest.Describe = cuda.isAvailable() || process.env.TYPETORCH_REQUIRE_GPU === '1' ? describe : describe.skip;
