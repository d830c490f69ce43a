// Forward values and gradients of every differentiable op against PyTorch's, on the CPU (the
// runner and the fixture: fixture_runner.ts).
import { describeFixtures } from './fixture_runner';

describeFixtures('cpu');
