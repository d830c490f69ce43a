// @typetorch/thc: CUDA tensors for TypeScript. Loading it makes 'cuda' a device of @typetorch/th
// (x.cuda(), x.to('cuda:0'), zeros([2], { device: 'cuda' })) and gives torch.cuda's functions.
import './register';
import * as cuda from './cuda';

export { cuda };
export * from './cuda';
