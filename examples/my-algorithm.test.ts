// The example algorithm, checked the way a user's project would check theirs: one call to
// `describeAlgorithm` registers the property suites and the corpus replay for it.
import { describeAlgorithm } from '../testing/vitest.ts';
import { algorithm } from './my-algorithm.ts';

describeAlgorithm(algorithm, { presets: ['tiny', 'small'], runs: 100, corpus: 'examples/counterexamples' });
