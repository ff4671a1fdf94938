// The worker thread that runs a check: registers tsx (as bin/stormcheck.js does) so that stormcheck's
// TypeScript and a user's .ts algorithm load, then runs checkWorker.ts.
import { register as registerCommonJs } from 'tsx/cjs/api';
import { register } from 'tsx/esm/api';

register();
registerCommonJs();
await import('./checkWorker.ts');
