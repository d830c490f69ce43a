// The torch.cuda namespace: devices, streams, events and memory (cuda.ts), random (random.ts).
export * from './cuda';
export * from './random';
