// Embedding lookup (THNN's LookupTable) and embedding bags, as torch.nn.functional.embedding /
// embedding_bag, with their backward functions (the dense gradient of the table, accumulated in
// index order, so the same inputs always give the same bits).
import { Tensor, empty, zeros } from '@typetorch/th';
import type { Handle } from '@typetorch/th';
import { native } from './native';
import { booleanArg, numberArg, optionalTensorArg, optionsArg, resultFor, tensorArg } from './args';

export interface EmbeddingNative {
  embedding(indices: Handle, weight: Handle, output: Handle, paddingIdx: number | null): void;
  embeddingRenorm(weight: Handle, indices: Handle, maxNorm: number, normType: number): void;
  embeddingBackward(indices: Handle, gradOutput: Handle, gradWeight: Handle, paddingIdx: number | null, scaleGradByFreq: boolean, scale: number): void;
  embeddingBag(
    indices: Handle,
    offsets: Handle | null,
    weight: Handle,
    perSampleWeights: Handle | null,
    output: Handle,
    offset2bag: Handle,
    bagSize: Handle,
    maxIndices: Handle | null,
    mode: number,
    includeLastOffset: boolean,
    paddingIdx: number | null,
  ): void;
  embeddingBagBackward(
    indices: Handle,
    gradOutput: Handle,
    offset2bag: Handle,
    bagSize: Handle,
    maxIndices: Handle | null,
    perSampleWeights: Handle | null,
    gradWeight: Handle,
    mode: number,
    paddingIdx: number | null,
    scaleGradByFreq: boolean,
    scale: number,
  ): void;
  embeddingBagPerSampleWeightsBackward(
    indices: Handle,
    gradOutput: Handle,
    offset2bag: Handle,
    weight: Handle,
    gradPerSampleWeights: Handle,
    mode: number,
    paddingIdx: number | null,
  ): void;
}

export interface EmbeddingOptions {
  /** the row that gets no gradient (negative counts from the end); default: none */
  paddingIdx?: number | null;
  /** rows of weight referenced by indices whose norm exceeds this are rescaled IN PLACE to it */
  maxNorm?: number | null;
  /** p of the p-norm for maxNorm (default 2) */
  normType?: number;
  /** divide the gradient of each row by its count in indices (used by embeddingBackward) */
  scaleGradByFreq?: boolean;
}

export interface EmbeddingBackwardOptions {
  paddingIdx?: number | null;
  scaleGradByFreq?: boolean;
}

export type EmbeddingBagMode = 'sum' | 'mean' | 'max';
const MODES: readonly EmbeddingBagMode[] = ['sum', 'mean', 'max']; // libTHNN's THNNEmbeddingBagMode order

export interface EmbeddingBagOptions {
  /** with 1-D indices: where each bag starts (int64 or int32); none with 2-D indices */
  offsets?: Tensor | null;
  /** how a bag's rows are reduced (default 'mean') */
  mode?: EmbeddingBagMode;
  /** a weight per index (indices' shape), mode 'sum' only */
  perSampleWeights?: Tensor | null;
  /** offsets has one more entry, the number of indices (CSR form) */
  includeLastOffset?: boolean;
  /** indices equal to it are left out of the bags; default: none */
  paddingIdx?: number | null;
  /** as for embedding: rows referenced by indices are renormalized in place */
  maxNorm?: number | null;
  normType?: number;
  /** used by embeddingBagBackward; not allowed with mode 'max' */
  scaleGradByFreq?: boolean;
}

/** What embeddingBag computes; its backward takes it back. All but output are int64 (int32 for int32 indices and offsets). */
export interface EmbeddingBagResult {
  /** [numBags, embeddingDim] */
  output: Tensor;
  /** [numIndices]: the bag of each index */
  offset2bag: Tensor;
  /** [numBags]: the number of indices in each bag, padding not counted */
  bagSize: Tensor;
  /** mode 'max': [numBags, embeddingDim], the row each maximum came from; otherwise null */
  maxIndices: Tensor | null;
}

export interface EmbeddingBagBackwardOptions {
  mode?: EmbeddingBagMode;
  perSampleWeights?: Tensor | null;
  paddingIdx?: number | null;
  scaleGradByFreq?: boolean;
}

export interface EmbeddingBagGradients {
  /** [numEmbeddings, embeddingDim] */
  gradWeight: Tensor;
  /** the gradient of perSampleWeights (its shape), or null without them */
  gradPerSampleWeights: Tensor | null;
}




function paddingArg(op: string, v: unknown): number | null {
  if (v === undefined || v === null) return null;
  if (!Number.isInteger(v)) throw new TypeError(`${op}: expected paddingIdx to be an integer, but got ${String(v)}`);
  return v as number;
}

function modeArg(op: string, v: unknown): number {
  const mode = MODES.indexOf((v ?? 'mean') as EmbeddingBagMode);
  if (mode < 0) throw new TypeError(`${op}: mode has to be one of sum, mean or max, but got ${JSON.stringify(v)}`);
  return mode;
}

/** Rescales, in place, the rows of weight referenced by indices whose normType-norm exceeds maxNorm. */
function renorm(op: string, weight: Tensor, indices: Tensor, maxNorm: unknown, normType: unknown): void {
  if (maxNorm === undefined || maxNorm === null) return;
  native.embeddingRenorm(weight.handle, indices.handle, numberArg(op, 'maxNorm', maxNorm), normType === undefined ? 2 : numberArg(op, 'normType', normType));
}

/** weight[indices]: shape indices.shape + [embeddingDim]. With maxNorm, weight is renormalized first (in place). */
export function embedding(indices: Tensor, weight: Tensor, options?: EmbeddingOptions): Tensor {
  const op = 'embedding';
  const idx = tensorArg(op, 'indices', indices);
  const w = tensorArg(op, 'weight', weight);
  const o = optionsArg(op, options);
  const pad = paddingArg(op, o.paddingIdx);
  booleanArg(op, 'scaleGradByFreq', o.scaleGradByFreq); // checked here, used by embeddingBackward
  renorm(op, w, idx, o.maxNorm, o.normType);
  const out = resultFor(w);
  native.embedding(idx.handle, w.handle, out.handle, pad);
  return out;
}

/** The gradient of embedding's weight, [numWeights, embeddingDim], from gradOutput (indices.shape + [embeddingDim]). */
export function embeddingBackward(gradOutput: Tensor, indices: Tensor, numWeights: number, options?: EmbeddingBackwardOptions): Tensor {
  const op = 'embeddingBackward';
  const g = tensorArg(op, 'gradOutput', gradOutput);
  const idx = tensorArg(op, 'indices', indices);
  if (!Number.isInteger(numWeights) || numWeights < 0) throw new TypeError(`${op}: expected numWeights to be a non-negative integer, but got ${String(numWeights)}`);
  const o = optionsArg(op, options);
  const pad = paddingArg(op, o.paddingIdx);
  const freq = booleanArg(op, 'scaleGradByFreq', o.scaleGradByFreq);
  const gradWeight = zeros([numWeights, g.ndim > 0 ? g.shape[g.ndim - 1] : 0], { dtype: g.dtype });
  native.embeddingBackward(idx.handle, g.handle, gradWeight.handle, pad, freq, 1);
  return gradWeight;
}

/**
 * Sums, means or maxima of bags of embedding rows: 2-D indices [B, N] are B bags of N; 1-D indices
 * are cut into bags at offsets. Returns the output and what embeddingBagBackward needs.
 */
export function embeddingBag(indices: Tensor, weight: Tensor, options?: EmbeddingBagOptions): EmbeddingBagResult {
  const op = 'embeddingBag';
  const idx = tensorArg(op, 'input', indices);
  const w = tensorArg(op, 'weight', weight);
  const o = optionsArg(op, options);
  const offsets = optionalTensorArg(op, 'offsets', o.offsets);
  const mode = modeArg(op, o.mode);
  const psw = optionalTensorArg(op, 'perSampleWeights', o.perSampleWeights);
  const includeLast = booleanArg(op, 'includeLastOffset', o.includeLastOffset);
  const pad = paddingArg(op, o.paddingIdx);
  if (booleanArg(op, 'scaleGradByFreq', o.scaleGradByFreq) && MODES[mode] === 'max')
    throw new Error(`${op}: max mode does not support scaling the gradient by the frequency`);
  renorm(op, w, idx, o.maxNorm, o.normType);
  const output = resultFor(w);
  // as PyTorch: int32 when indices and offsets both are, else int64
  const dtype = idx.dtype === 'int32' && (offsets === null || offsets.dtype === 'int32') ? 'int32' : 'int64';
  const offset2bag = empty([0], { dtype });
  const bagSize = empty([0], { dtype });
  const maxIndices = MODES[mode] === 'max' ? empty([0], { dtype }) : null;
  native.embeddingBag(idx.handle, offsets?.handle ?? null, w.handle, psw?.handle ?? null, output.handle, offset2bag.handle, bagSize.handle, maxIndices?.handle ?? null, mode, includeLast, pad);
  return { output, offset2bag, bagSize, maxIndices };
}

/** Gradients of embeddingBag's weight (dense) and perSampleWeights, from gradOutput [numBags, embeddingDim]. */
export function embeddingBagBackward(
  gradOutput: Tensor,
  indices: Tensor,
  weight: Tensor,
  saved: Pick<EmbeddingBagResult, 'offset2bag' | 'bagSize' | 'maxIndices'>,
  options?: EmbeddingBagBackwardOptions,
): EmbeddingBagGradients {
  const op = 'embeddingBagBackward';
  const g = tensorArg(op, 'gradOutput', gradOutput);
  const idx = tensorArg(op, 'input', indices);
  const w = tensorArg(op, 'weight', weight);
  if (saved === null || typeof saved !== 'object') throw new TypeError(`${op}: expected saved to be embeddingBag's result`);
  const offset2bag = tensorArg(op, 'offset2bag', saved.offset2bag);
  const bagSize = tensorArg(op, 'bagSize', saved.bagSize);
  const maxIndices = optionalTensorArg(op, 'maxIndices', saved.maxIndices);
  const o = optionsArg(op, options);
  const mode = modeArg(op, o.mode);
  const psw = optionalTensorArg(op, 'perSampleWeights', o.perSampleWeights);
  const pad = paddingArg(op, o.paddingIdx);
  const freq = booleanArg(op, 'scaleGradByFreq', o.scaleGradByFreq);
  const gradWeight = zeros(w.shape, { dtype: g.dtype }); // libTHNN checks that it is 2-D
  native.embeddingBagBackward(idx.handle, g.handle, offset2bag.handle, bagSize.handle, maxIndices?.handle ?? null, psw?.handle ?? null, gradWeight.handle, mode, pad, freq, 1);
  let gradPerSampleWeights: Tensor | null = null;
  if (psw) {
    const flat = resultFor(g);
    native.embeddingBagPerSampleWeightsBackward(idx.handle, g.handle, offset2bag.handle, w.handle, flat.handle, mode, pad);
    gradPerSampleWeights = flat.reshape(psw.shape);
  }
  return { gradWeight, gradPerSampleWeights };
}
