// The worker thread that runs the CLI's jobs, each of which runs a user's code (runInWorker.ts):
// registers tsx (as bin/stormcheck.js does) so that stormcheck's TypeScript and a user's .ts
// algorithm load, then runs jobWorker.ts. A worker does not inherit the main thread's tsx hooks,
// hence this file.
import { register as registerCommonJs } from 'tsx/cjs/api';
import { register } from 'tsx/esm/api';

register();
registerCommonJs();
await import('./jobWorker.ts');
