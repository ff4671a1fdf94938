import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

/** The TypeScript compiler the user's project has, or stormcheck's own; null when there is none. */
function compiler(module: string): string | null {
  for (const from of [module, import.meta.filename]) {
    try {
      const tsc = join(dirname(createRequire(from).resolve('typescript/package.json')), 'bin', 'tsc');
      if (existsSync(tsc)) return tsc;
    } catch {
      // not resolvable from here; try the next place
    }
  }
  return null;
}

/**
 * The type errors in a user's TypeScript algorithm, one line each, or null when no TypeScript
 * compiler is installed. tsx, which loads the module, strips types without checking them, so a
 * typo such as `node.rolee` would otherwise surface as a contract violation deep in a run. Only
 * errors in the module itself are reported: stormcheck's own files are checked by its own CI.
 */
export function typeErrors(module: string): string[] | null {
  const tsc = compiler(module);
  if (tsc === null) return null;
  const cwd = dirname(module);
  const flags = [
    '--noEmit',
    '--ignoreConfig',
    '--strict',
    '--skipLibCheck',
    '--module',
    'nodenext',
    '--target',
    'es2022',
    '--allowImportingTsExtensions',
    '--pretty',
    'false',
  ];
  const ran = spawnSync(process.execPath, [tsc, ...flags, module], { cwd, encoding: 'utf8', timeout: 60_000 });
  if (ran.error !== undefined || ran.status === null) return null;
  const own = relative(cwd, module);
  return ran.stdout.split('\n').filter((line) => line.startsWith(`${own}(`));
}
