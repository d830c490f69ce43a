// The loss functions under test by name, as the fixture cases (tools/fixtures/gen_thnn_loss.py) and
// the finite-difference tests call them: forward(args, options) -> the loss, and
// backward(gradOutput, args, options) -> the gradients by their TypeScript names.
import * as th from '@typetorch/th';
import * as nn from '../ts';

type Args = th.Tensor[];
type Options = Record<string, unknown>;
export interface LossUnderTest {
  forward(args: Args, o: Options): th.Tensor;
  backward(g: th.Tensor, args: Args, o: Options): Record<string, th.Tensor | null>;
}

type Binary = (x: th.Tensor, y: th.Tensor, o: never) => th.Tensor;
/** Backward results: one tensor (the input's gradient) or an object of gradients by name. */
type BinaryBackward = (g: th.Tensor, x: th.Tensor, y: th.Tensor, o: never) => object;
const asRecord = (r: object): Record<string, th.Tensor | null> =>
  r instanceof th.Tensor ? { gradInput: r } : (r as Record<string, th.Tensor | null>);
/** A loss of (input, target) whose forward returns the loss and whose backward needs nothing saved. */
const binary = (f: Binary, b: BinaryBackward): LossUnderTest => ({
  forward: ([x, y], o) => f(x, y, o as never),
  backward: (g, [x, y], o) => asRecord(b(g, x, y, o as never)),
});
/** A loss of three tensors (input1, input2, target / var / anchor, positive, negative). */
type Ternary = (a: th.Tensor, b: th.Tensor, c: th.Tensor, o: never) => th.Tensor;
type TernaryBackward = (g: th.Tensor, a: th.Tensor, b: th.Tensor, c: th.Tensor, o: never) => object;
const ternary = (f: Ternary, b: TernaryBackward): LossUnderTest => ({
  forward: ([x, y, z], o) => f(x, y, z, o as never),
  backward: (g, [x, y, z], o) => asRecord(b(g, x, y, z, o as never)),
});

export const LOSSES: Record<string, LossUnderTest> = {
  mseLoss: binary(nn.mseLoss, nn.mseLossBackward),
  l1Loss: binary(nn.l1Loss, nn.l1LossBackward),
  smoothL1Loss: binary(nn.smoothL1Loss, nn.smoothL1LossBackward),
  huberLoss: binary(nn.huberLoss, nn.huberLossBackward),
  binaryCrossEntropy: binary(nn.binaryCrossEntropy, nn.binaryCrossEntropyBackward),
  binaryCrossEntropyWithLogits: binary(nn.binaryCrossEntropyWithLogits, nn.binaryCrossEntropyWithLogitsBackward),
  klDiv: binary(nn.klDiv, nn.klDivBackward),
  poissonNllLoss: binary(nn.poissonNllLoss, nn.poissonNllLossBackward),
  gaussianNllLoss: ternary(nn.gaussianNllLoss, nn.gaussianNllLossBackward),
  softMarginLoss: binary(nn.softMarginLoss, nn.softMarginLossBackward),
  hingeEmbeddingLoss: binary(nn.hingeEmbeddingLoss, nn.hingeEmbeddingLossBackward),
  marginRankingLoss: ternary(nn.marginRankingLoss, nn.marginRankingLossBackward),
  nllLoss: {
    forward: ([x, t], o) => nn.nllLoss(x, t, o).output,
    backward: (g, [x, t], o) => ({ gradInput: nn.nllLossBackward(g, x, t, nn.nllLoss(x, t, o).totalWeight, o) }),
  },
  crossEntropy: {
    forward: ([x, t], o) => nn.crossEntropy(x, t, o).output,
    backward: (g, [x, t], o) => {
      const r = nn.crossEntropy(x, t, o);
      return asRecord(nn.crossEntropyBackward(g, x, t, r.logSumExp, r.totalWeight, o));
    },
  },
  multiMarginLoss: binary(nn.multiMarginLoss, nn.multiMarginLossBackward),
  multilabelMarginLoss: {
    forward: ([x, t], o) => nn.multilabelMarginLoss(x, t, o).output,
    backward: (g, [x, t], o) => ({
      gradInput: nn.multilabelMarginLossBackward(g, x, t, nn.multilabelMarginLoss(x, t, o).isTarget, o),
    }),
  },
  multilabelSoftMarginLoss: binary(nn.multilabelSoftMarginLoss, nn.multilabelSoftMarginLossBackward),
  cosineEmbeddingLoss: ternary(nn.cosineEmbeddingLoss, nn.cosineEmbeddingLossBackward),
  tripletMarginLoss: ternary(nn.tripletMarginLoss, nn.tripletMarginLossBackward),
  ctcLoss: {
    forward: ([lp, t, il, tl], o) => nn.ctcLoss(lp, t, il, tl, o).output,
    backward: (g, [lp, t, il, tl], o) => {
      const r = nn.ctcLoss(lp, t, il, tl, o);
      return { gradInput: nn.ctcLossBackward(g, lp, t, il, tl, r.negLogLikelihood, r.logAlpha, o) };
    },
  },
};
