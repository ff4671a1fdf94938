import { existsSync, statSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { algorithmNamed, builtIns } from '../algorithms/index.ts';
import type { AllocationAlgorithm } from '../model/index.ts';
import { contained } from './containedAlgorithm.ts';
import { InputError } from './inputError.ts';
import { clipped } from './printable.ts';
import { refuseSpecial } from './readInput.ts';
import { typeErrors } from './typeErrors.ts';

/** An algorithm ready to run, with where it came from: a built-in (module null) or a module file. */
export interface LoadedAlgorithm {
  readonly algorithm: AllocationAlgorithm;
  /** Absolute path of the module, or null for a built-in. */
  readonly module: string | null;
}

/** The methods of `AllocationAlgorithm`: what a module must export, and what the CLI's wrappers wrap. */
export const algorithmMethods = ['initialMemory', 'chooseSupernode', 'admit', 'retryDelay', 'refreshHostCache', 'plan'] as const;

/** Why `value` does not implement `AllocationAlgorithm`, or null. */
export function algorithmShapeProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'is not an object';
  const candidate = value as Record<string, unknown>;
  if (typeof candidate.name !== 'string' || candidate.name === '') return "has no string 'name'";
  if (typeof candidate.description !== 'string') return "has no string 'description'";
  const missing = algorithmMethods.filter((m) => typeof candidate[m] !== 'function');
  return missing.length === 0 ? null : `lacks the method${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`;
}

function looksLikePath(spec: string): boolean {
  return /[/\\]/.test(spec) || /\.(ts|mts|js|mjs)$/.test(spec);
}

/** Where an algorithm comes from, before anything of it has run: a built-in, or a module file that exists. */
export type LocatedAlgorithm =
  | { readonly builtIn: AllocationAlgorithm; readonly module: null }
  | { readonly builtIn: null; readonly module: string };

/**
 * A built-in by name, or a module by path (relative to `baseDir`), checked as far as it can be
 * without running any of it: the file exists and is a regular file (a FIFO would block the import
 * forever), tsx would load that very file, and a TypeScript module type-checks when a compiler is
 * installed. `what` names the flag or field in error messages.
 */
export function locateAlgorithm(
  spec: string,
  baseDir: string,
  what: string,
  options: { readonly typecheck?: boolean } = {},
): LocatedAlgorithm {
  const builtIn = algorithmNamed(spec);
  if (builtIn !== undefined) return { builtIn, module: null };
  if (!looksLikePath(spec)) {
    throw new InputError(
      `${what}: unknown algorithm '${clipped(spec)}'; built-ins are ${builtIns.map((b) => b.algorithm.name).join(', ')}, or give a path to a .ts or .js module`,
    );
  }
  const module = isAbsolute(spec) ? spec : resolve(baseDir, spec);
  if (!existsSync(module)) throw new InputError(`${what}: no such file ${module}`);
  refuseSpecial(statSync(module), `${what}: ${module}`);
  // tsx resolves `x.js` to a sibling `x.ts` (the TypeScript convention for imports), so the file that
  // ran would be neither the one named, nor the one hashed into the counterexample, nor type-checked.
  const shadow = module.replace(/\.(m?)js$/, '.$1ts');
  if (shadow !== module && existsSync(shadow)) {
    throw new InputError(`${what}: ${module} has a sibling ${basename(shadow)}, which tsx would load instead; rename one of them`);
  }
  if (options.typecheck !== false && /\.m?ts$/.test(module)) {
    const errors = typeErrors(module) ?? [];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    if (errors.length > 0) throw new InputError(`${what}: ${module} does not type-check: ${errors[0]}${more}`);
  }
  return { builtIn: null, module };
}

/**
 * A built-in by name, or a module by path (relative to `baseDir`) whose `algorithm` or default
 * export implements `AllocationAlgorithm` (see `locateAlgorithm` for what is checked first).
 * TypeScript modules load without a build step when the process runs under tsx, as the CLI does.
 * This runs the module's code: the CLI calls it on a watched worker thread first (runInWorker.ts).
 * The module's algorithm comes back `contained` (containedAlgorithm.ts).
 */
export async function loadAlgorithm(
  spec: string,
  baseDir: string,
  what: string,
  options: { readonly typecheck?: boolean } = {},
): Promise<LoadedAlgorithm> {
  const located = locateAlgorithm(spec, baseDir, what, options);
  if (located.module === null) return { algorithm: located.builtIn, module: null };
  const { module } = located;
  let exports: Record<string, unknown>;
  try {
    exports = (await import(pathToFileURL(module).href)) as Record<string, unknown>;
    // Let the timers the module set at import fire now, before any run: one that throws is then
    // reported as the module's, the same way every time, not whenever a run happens to yield.
    await new Promise((settled) => setTimeout(settled, 1));
  } catch (error) {
    throw new InputError(
      `${what}: ${module} failed to load: ${clipped(error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error), 200)}`,
    );
  }
  let algorithm: unknown;
  let problem: string | null;
  try {
    algorithm = exports.algorithm ?? exports.default;
    if (algorithm === undefined) throw new InputError(`${what}: ${module} exports neither 'algorithm' nor a default export`);
    problem = algorithmShapeProblem(algorithm);
  } catch (error) {
    // A getter or a Proxy on the export that throws: the module's doing, in one line.
    if (error instanceof InputError) throw error;
    throw new InputError(
      `${what}: reading the algorithm exported by ${module} threw: ${clipped(error instanceof Error ? error.message : String(error), 200)}`,
    );
  }
  if (problem !== null) throw new InputError(`${what}: the algorithm exported by ${module} ${problem}`);
  return { algorithm: contained(algorithm as AllocationAlgorithm), module };
}
