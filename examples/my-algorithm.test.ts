// The example algorithm, checked the way a user's project would check theirs: one call to
// `describeAlgorithm` registers the property suites and the corpus replay for it; the corpus is
// relative to this file, so the suite finds it from any working directory.
import { describeAlgorithm } from '../testing/vitest.ts';
import { algorithm } from './my-algorithm.ts';

// No preset run: the example's bug is found on every preset; the stored counterexample must still break.
describeAlgorithm(algorithm, { presets: [], runs: 100, corpus: 'counterexamples' });
