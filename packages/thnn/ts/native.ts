// The native addon (build/Release/thnn.node) and the shape of what it exports.
// @typetorch/th is loaded first: thnn.node and libTHNN then find the libTH that th.node already
// loaded (their RUNPATH points at th/build/Release), so the process holds one libTH.
import { guardAddon } from '@typetorch/th';
import type { Handle, ParkedErrors } from '@typetorch/th';
import * as path from 'path';
import type { ActivationNative } from './activation';
import type { SoftmaxNative } from './softmax';
import type { EmbeddingNative } from './embedding';
import type { FusedRNNNative } from './fused_rnn';
import type { UpsamplingNative } from './upsampling';
import type { GridSamplerNative } from './grid_sample';
import type { PaddingNative } from './padding';
import type { PoolingNative } from './pooling';
import type { LossNative } from './loss';
import type { NormalizationNative } from './normalization';
import type { ActivationExtraNative } from './activationExtra';
import type { DropoutNative } from './dropout';
import type { ConvolutionNative } from './convolution';

// Each module declares the functions it calls in its own file; the addon has them all.
export interface Native
  extends ParkedErrors,
    ActivationNative,
    SoftmaxNative,
    EmbeddingNative,
    FusedRNNNative,
    UpsamplingNative,
    GridSamplerNative,
    PaddingNative,
    PoolingNative,
    LossNative,
    NormalizationNative,
    ActivationExtraNative,
    DropoutNative,
    ConvolutionNative {
  version: string;
}

function load(): Native {
  // ts/ (tests) and dist/ (built) are both one level below the package root.
  const file = process.env.TYPETORCH_THNN_ADDON || path.join(__dirname, '..', 'build', 'Release', 'thnn.node');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file) as Native;
  } catch (e) {
    throw new Error(
      `@typetorch/thnn: could not load the native addon at ${file} (${(e as Error).message}). ` +
        'Build it with `npm run build:native -w @typetorch/thnn` after @typetorch/th (needs CMake and a C compiler).',
    );
  }
}

// as in @typetorch/th, native code parks its errors (in this addon's own slot); the guard throws them
export const native: Native = guardAddon(load());
