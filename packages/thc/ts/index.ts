// @typetorch/thc: CUDA tensors for TypeScript. Loading it makes 'cuda' a device of @typetorch/th
// (x.cuda(), x.to('cuda:0'), zeros([2], { device: 'cuda' })) and gives torch.cuda's functions.
import './register';

/** torch.cuda */
export * as cuda from './torch_cuda';
export * from './torch_cuda';
