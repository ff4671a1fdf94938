// A worker thread that expands levels and checks quiet suffixes for the explorer (searchWorkers.ts):
// registers tsx, as cli/jobWorker.js does, then runs searchWorker.ts. The main thread waits for it
// synchronously and so never sees its 'error' or 'exit' events; a worker that ends says so in the shared signal instead,
// whatever ended it, even a failure to load searchWorker.ts. The slots are searchWorkers.ts's
// `slot.ended` (3) and `slot.answered` (0), on which the main thread waits; this file cannot import
// them before tsx is registered.
import { workerData } from 'node:worker_threads';
import { register as registerCommonJs } from 'tsx/cjs/api';
import { register } from 'tsx/esm/api';

const signal = new Int32Array(workerData.signal);
process.once('exit', () => {
  Atomics.add(signal, 3, 1);
  Atomics.notify(signal, 0);
});
register();
registerCommonJs();
await import('./searchWorker.ts');
