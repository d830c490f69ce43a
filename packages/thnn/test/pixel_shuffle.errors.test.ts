// pixelShuffle / pixelUnshuffle reject bad arguments with PyTorch's messages.
import * as th from '@typetorch/th';
import * as nn from '../ts';

const x = th.zeros([2, 8, 3, 4]);

describe('pixel shuffle errors', () => {
  it('needs at least 3 dims', () => {
    expect(() => nn.pixelShuffle(th.zeros([8, 3]), 2)).toThrow('pixelShuffle expects input to have at least 3 dimensions, but got input with 2 dimension(s)');
    expect(() => nn.pixelUnshuffle(th.zeros([4]), 2)).toThrow(/pixelUnshuffle expects input to have at least 3 dimensions/);
  });
  it('needs a positive integer factor', () => {
    expect(() => nn.pixelShuffle(x, 0)).toThrow('pixelShuffle expects a positive upscaleFactor, but got 0');
    expect(() => nn.pixelUnshuffle(x, -1)).toThrow('pixelUnshuffle expects a positive downscaleFactor, but got -1');
    expect(() => nn.pixelShuffle(x, 1.5)).toThrow(TypeError);
  });
  it('needs factors that divide the channels or the spatial sizes', () => {
    expect(() => nn.pixelShuffle(x, 3)).toThrow(
      "pixelShuffle expects its input's 'channel' dimension to be divisible by the square of upscaleFactor, but input.size(-3)=8 is not divisible by 9",
    );
    expect(() => nn.pixelUnshuffle(x, 2)).toThrow('pixelUnshuffle expects height to be divisible by downscaleFactor, but input.size(-2)=3 is not divisible by 2');
    expect(() => nn.pixelUnshuffle(th.zeros([1, 8, 6]), 4)).toThrow('pixelUnshuffle expects width to be divisible by downscaleFactor, but input.size(-1)=6 is not divisible by 4');
    expect(() => nn.pixelShuffleBackward(th.zeros([1, 1, 3, 4]), 2)).toThrow(/pixelUnshuffle expects height to be divisible/);
  });
});
