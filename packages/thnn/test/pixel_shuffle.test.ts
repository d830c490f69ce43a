// pixelShuffle / pixelUnshuffle and their backward against PyTorch (test/fixtures/pixel_shuffle.json,
// written by tools/fixtures/gen_thnn_pixel_shuffle.py), with contiguous and strided inputs.
import * as th from '@typetorch/th';
import * as nn from '../ts';
import { expectTensor, loadFixture, tensorOf, TensorJson } from './fixture-utils';

interface ShuffleCase {
  id: string;
  op: 'pixelShuffle' | 'pixelUnshuffle';
  factor: number;
  input: TensorJson;
  gradOutput: TensorJson;
  output: TensorJson;
  gradInput: TensorJson;
}

const fixture = loadFixture<ShuffleCase>('pixel_shuffle');
const FORWARD = { pixelShuffle: nn.pixelShuffle, pixelUnshuffle: nn.pixelUnshuffle };
const BACKWARD = { pixelShuffle: nn.pixelShuffleBackward, pixelUnshuffle: nn.pixelUnshuffleBackward };

describe(`pixelShuffle and pixelUnshuffle match PyTorch ${fixture.torch}`, () => {
  test.each(fixture.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    for (const nonContiguous of [false, true]) {
      expectTensor(FORWARD[c.op](tensorOf(c.input, { nonContiguous }), c.factor), c.output, [0, 0]);
      expectTensor(BACKWARD[c.op](tensorOf(c.gradOutput, { nonContiguous }), c.factor), c.gradInput, [0, 0]);
    }
  });
});

describe('pixel shuffle details', () => {
  it('moves channels into space and back, for any dtype and empty batches', () => {
    const x = th.arange(0, 8, 1, { dtype: 'int64' }).reshape([1, 4, 1, 2]);
    expect(nn.pixelShuffle(x, 2).toArray()).toEqual([[[[0, 2, 1, 3], [4, 6, 5, 7]]]]);
    expect(nn.pixelUnshuffle(nn.pixelShuffle(x, 2), 2).toArray()).toEqual(x.toArray());
    expect(nn.pixelShuffle(th.zeros([0, 9, 2, 2]), 3).shape).toEqual([0, 1, 6, 6]);
  });
});
