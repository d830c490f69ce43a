// Graphs that change from one step to the next: a recursive network over random trees and an
// RNN unrolled to a different length each step, checked against finite differences.
import * as ag from '@typetorch/autograd';
import * as th from '@typetorch/th';

const f64 = { dtype: 'float64' as const };

/** A binary tree over leaf ids. */
type Tree = number | [Tree, Tree];

function randomTree(gen: th.Generator, leaves: number, vocab: number): Tree {
  if (leaves === 1) return Number(th.randint(0, vocab, [1], { generator: gen }).item());
  const left = 1 + Number(th.randint(0, leaves - 1, [1], { generator: gen }).item());
  return [randomTree(gen, left, vocab), randomTree(gen, leaves - left, vocab)];
}

/** Recursive network: a leaf is its embedding row; a node is tanh(W [left; right] + b). */
function encode(tree: Tree, emb: ag.Tensor, w: ag.Tensor, b: ag.Tensor): ag.Tensor {
  if (typeof tree === 'number') return emb.select(0, tree);
  const children = ag.cat([encode(tree[0], emb, w, b), encode(tree[1], emb, w, b)], 0);
  return w.mv(children).add(b).tanh();
}

describe('dynamic graphs', () => {
  const gen = new th.Generator().manualSeed(7);
  const dim = 3;
  const vocab = 4;
  const emb = ag.randn([vocab, dim], { ...f64, generator: gen, requiresGrad: true });
  const w = ag.randn([dim, 2 * dim], { ...f64, generator: gen }).mul(0.5).requiresGrad_();
  const b = ag.tensor([0.1, -0.2, 0.05], { ...f64, requiresGrad: true });

  test.each([2, 3, 5, 6])('tree network over a random tree of %i leaves', (leaves) => {
    const tree = randomTree(gen, leaves, vocab);
    expect(ag.gradcheck((e, ww, bb) => encode(tree, e, ww, bb).sum(), [emb, w, b])).toBe(true);
  });

  test('trees of different shapes accumulate into the same parameters', () => {
    emb.grad = null;
    const trees = [randomTree(gen, 3, vocab), randomTree(gen, 4, vocab)];
    let expected: ag.Tensor | null = null;
    for (const t of trees) {
      const [g] = ag.grad(encode(t, emb, w, b).sum(), [w]);
      expected = expected === null ? g : expected.add(g!);
      encode(t, emb, w, b).sum().backward();
    }
    expect(w.grad!.sub(expected!).abs().max().item()).toBeLessThan(1e-12);
    w.grad = null;
    emb.grad = null;
    b.grad = null;
  });

  /** An Elman RNN over `steps` inputs; the loss is the sum of the last state. */
  function rnn(xs: ag.Tensor, wx: ag.Tensor, wh: ag.Tensor): ag.Tensor {
    let h = ag.zeros([wh.shape[0]], f64);
    for (let t = 0; t < xs.shape[0]; t++) h = wx.mv(xs.select(0, t)).add(wh.mv(h)).tanh();
    return h.sum();
  }
  test.each([1, 2, 4, 7])('RNN unrolled over %i steps', (steps) => {
    const xs = ag.randn([steps, 2], { ...f64, generator: gen });
    const wx = ag.randn([3, 2], { ...f64, generator: gen, requiresGrad: true });
    const wh = ag.randn([3, 3], { ...f64, generator: gen }).mul(0.5).requiresGrad_();
    expect(ag.gradcheck((a, c) => rnn(xs, a, c), [wx, wh])).toBe(true);
  });

  test('data-dependent control flow: the branch taken decides the gradient', () => {
    const x = ag.tensor([1.5, -2], { ...f64, requiresGrad: true });
    const f = (t: ag.Tensor): ag.Tensor => (Number(t.sum().item()) > 0 ? t.pow(2).sum() : t.exp().sum());
    f(x).backward();
    expect(x.grad!.toArray()).toEqual([Math.exp(1.5), Math.exp(-2)]);
  });
});
