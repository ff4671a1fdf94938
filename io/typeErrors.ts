import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

/** A TypeScript compiler: its `bin/tsc` and its major version, which decides the flags it takes. */
export interface Compiler {
  readonly tsc: string;
  readonly major: number;
}

/** The TypeScript compiler the user's project has, or stormcheck's own; null when there is none. */
export function compilerFor(module: string): Compiler | null {
  for (const from of [module, import.meta.filename]) {
    try {
      const manifest = createRequire(from).resolve('typescript/package.json');
      const tsc = join(dirname(manifest), 'bin', 'tsc');
      const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version ?? '';
      if (existsSync(tsc)) return { tsc, major: Number.parseInt(version, 10) };
    } catch {
      // not resolvable from here; try the next place
    }
  }
  return null;
}

/** What type-checking a module found: its errors, one line each, or why it could not be checked. */
export type TypeCheck = { readonly checked: true; readonly errors: string[] } | { readonly checked: false; readonly reason: string };

/**
 * Type-checks a user's TypeScript algorithm on its own, under stormcheck's strict settings. tsx,
 * which loads the module, strips types without checking them, so a typo such as `node.rolee`
 * would otherwise surface as a contract violation deep in a run. Only errors in the module itself
 * are reported: stormcheck's own files are checked by its own CI.
 */
export function typeCheck(module: string, compiler: Compiler | null = compilerFor(module)): TypeCheck {
  if (compiler === null) return { checked: false, reason: 'no TypeScript compiler is installed (npm install --save-dev typescript)' };
  const cwd = dirname(module);
  const flags = [
    '--noEmit',
    // TypeScript 6 and later refuse files named on the command line beside a tsconfig.json unless
    // told to ignore it; TypeScript 5 ignores it anyway and rejects the flag.
    ...(compiler.major >= 6 ? ['--ignoreConfig'] : []),
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
  const ran = spawnSync(process.execPath, [compiler.tsc, ...flags, module], { cwd, encoding: 'utf8', timeout: 60_000 });
  if (ran.error !== undefined || ran.status === null) {
    return { checked: false, reason: `${compiler.tsc} did not finish: ${ran.error?.message ?? `ended by ${ran.signal}`}` };
  }
  // An error of the compiler's own (a flag it does not know), rather than of a file, means it did not check anything.
  const own = relative(cwd, module);
  const lines = `${ran.stdout}\n${ran.stderr}`.split('\n');
  const global = lines.find((line) => /^error TS\d+:/.test(line));
  if (global !== undefined) return { checked: false, reason: `${compiler.tsc} failed to run: ${global}` };
  const errors = lines.filter((line) => line.startsWith(`${own}(`));
  if (errors.length === 0 && ran.status !== 0 && !lines.some((line) => /\): error TS\d+:/.test(line))) {
    return { checked: false, reason: `${compiler.tsc} exited ${ran.status}: ${lines.find((l) => l.trim() !== '') ?? 'no output'}` };
  }
  return { checked: true, errors };
}

const warned = new Set<string>();

/**
 * The type errors in a user's TypeScript algorithm, one line each, or null when it could not be
 * type-checked. That case is said once per module, in one line on stderr, here rather than by the
 * caller: the loader treats an unchecked module as loadable, and the user must still know it was
 * not checked.
 */
export function typeErrors(module: string): string[] | null {
  const result = typeCheck(module);
  if (result.checked) return result.errors;
  if (!warned.has(module)) process.stderr.write(`stormcheck: ${module} was not type-checked: ${result.reason}\n`);
  warned.add(module);
  return null;
}
