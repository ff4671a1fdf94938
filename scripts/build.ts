// `npm run build` (and `prepack`): compiles stormcheck to JavaScript with `.d.ts` types in dist/,
// one output file per source file, so that the paths the code resolves at run time (worker
// entry points beside their modules, algorithms/ for the built-ins' source hash) keep their places.
// tsc rather than a bundler: the package is ESM with several worker-thread entry points that
// `new URL('./x.js', import.meta.url)` names, which a bundler would have to be told about one by one.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const repo = join(import.meta.dirname, '..');
const dist = join(repo, 'dist');

/**
 * The source files that register tsx in a worker thread before importing the worker's TypeScript
 * body (`./<name>.ts`). tsc compiles that body to the shim's own name, so in dist/ the body becomes
 * `<name>.body.js` and the shim, still registering tsx for a user's `.ts` algorithm, imports it.
 */
const workerShims = ['cli/jobWorker', 'explorer/searchWorker'];

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

rmSync(dist, { recursive: true, force: true });
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', join(repo, 'tsconfig.build.json')], {
  stdio: ['ignore', process.stderr, process.stderr],
});
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

// tsc rewrites `./x.ts` to `./x.js` in the JavaScript it emits but not in the declarations; a
// user's compiler resolves either, but `.js` is what a declaration beside JavaScript should say.
for (const file of filesUnder(dist).filter((f) => f.endsWith('.d.ts'))) {
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(/(from\s+|import\s*\(\s*)'(\.{1,2}\/[^']+)\.ts'/g, "$1'$2.js'"));
}

for (const shim of workerShims) {
  const source = readFileSync(join(repo, `${shim}.js`), 'utf8');
  const name = shim.split('/').at(-1);
  const body = `await import('./${name}.ts');`;
  if (!source.includes(body)) throw new Error(`scripts/build.ts: ${shim}.js no longer ends with ${body}; update workerShims`);
  const out = join(dist, `${shim}.js`);
  if (!existsSync(out)) throw new Error(`scripts/build.ts: tsc did not emit ${out}`);
  renameSync(out, join(dist, `${shim}.body.js`));
  writeFileSync(out, source.replace(body, `await import('./${name}.body.js');`));
}
// On stderr: `npm pack --json` runs this as prepack, and its stdout must stay one JSON document.
console.error(`built ${filesUnder(dist).length} files in dist/`);
