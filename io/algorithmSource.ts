import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const algorithmsFolder = join(dirname(fileURLToPath(import.meta.url)), '..', 'algorithms');
/** The built-ins' code as it runs: `.ts` in a checkout, `.js` in the package's dist/ (beside `.d.ts` files, which are not code). */
export const codeExtension = import.meta.url.endsWith('.js') ? '.js' : '.ts';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The hash recorded for an algorithm: of its module file for a user's algorithm, and of every
 * code file in algorithms/ for the built-ins, which share their building blocks. A different
 * hash on replay tells the reviewer the algorithm changed since the counterexample was found.
 */
export function sourceHashOf(module: string | null): string {
  if (module !== null) return `sha256:${sha256(readFileSync(module, 'utf8'))}`;
  const files = readdirSync(algorithmsFolder)
    .filter((f) => f.endsWith(codeExtension) && !f.endsWith(`.test${codeExtension}`) && !f.endsWith('.d.ts'))
    .sort();
  return `sha256:${sha256(files.map((f) => `${f}\n${readFileSync(join(algorithmsFolder, f), 'utf8')}`).join('\n'))}`;
}
