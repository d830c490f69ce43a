// A first look at TH tensors: creation, views, elementwise math with broadcasting.
import * as th from '@typetorch/th';

const a = th.tensor([[1, 2], [3, 4]]);
const b = th.arange(6).view([2, 3]);

const show = (label: string, x: { toString(): string }): void => {
  console.log(`${label}\n${x.toString()}\n`);
};

show('a = th.tensor([[1, 2], [3, 4]])', a);
show('b = th.arange(6).view([2, 3])', b);
show('a.add(a)', a.add(a));
show('a.mul(2)', a.mul(2));
show('a.exp()', a.exp());
show('b.t()', b.t());
show('b.add(th.tensor([0.5, 1.5, 2.5]))  (broadcasts [2, 3] with [3])', b.add(th.tensor([0.5, 1.5, 2.5])));
