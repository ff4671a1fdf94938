// Proves that model/ is a pure core: no non-test file under it imports a Node module or reaches for
// a clock, Math.random, the process or the console (STYLE.md, "A pure core").
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const nodeModules = ['fs', 'path', 'child_process', 'os', 'net', 'http', 'https', 'worker_threads'].join('|');

/** What a pure file may not use. Any `node:` specifier counts as a Node module, listed or not. */
const forbidden: readonly { readonly name: string; readonly pattern: RegExp }[] = [
  {
    name: 'a Node module import',
    pattern: new RegExp(`\\b(?:from|import|require)\\s*\\(?\\s*['"](?:node:[^'"]*|(?:${nodeModules})(?:/[^'"]*)?)['"]`),
  },
  { name: 'Date.now', pattern: /\bDate\s*\.\s*now\b/ },
  { name: 'new Date(', pattern: /\bnew\s+Date\s*\(/ },
  { name: 'Math.random', pattern: /\bMath\s*\.\s*random\b/ },
  { name: 'performance.now', pattern: /\bperformance\s*\.\s*now\b/ },
  { name: 'process.', pattern: /\bprocess\s*\./ },
  { name: 'console.', pattern: /\bconsole\s*\./ },
];

/**
 * The source without its comments, so that a comment may say "no `Math.random`" (algorithm.ts does).
 * Strings are kept and scanned: a forbidden name inside a string is a false alarm, which is better
 * than a miss. Template literals are read as one string, `${…}` included, for the same reason.
 */
function withoutComments(source: string): string {
  let out = '';
  let quote: string | null = null;
  for (let k = 0; k < source.length; k++) {
    const c = source[k] as string;
    if (quote !== null) {
      out += c;
      if (c === '\\') out += source[++k] ?? '';
      else if (c === quote) quote = null;
    } else if (c === '/' && source[k + 1] === '/') {
      while (k + 1 < source.length && source[k + 1] !== '\n') k++;
    } else if (c === '/' && source[k + 1] === '*') {
      const end = source.indexOf('*/', k + 2);
      k = end < 0 ? source.length : end + 1;
      out += ' ';
    } else {
      if (c === '"' || c === "'" || c === '`') quote = c;
      out += c;
    }
  }
  return out;
}

/** The forbidden uses in one source file, by name; empty when the file is pure. */
function impurities(source: string): string[] {
  const code = withoutComments(source);
  return forbidden.filter(({ pattern }) => pattern.test(code)).map(({ name }) => name);
}

const modelDir = fileURLToPath(new URL('.', import.meta.url));

function modelSources(): string[] {
  return readdirSync(modelDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .sort();
}

describe('the model is pure', () => {
  it('reads the whole model, the transitions and the test builders included', () => {
    expect(modelSources()).toEqual(expect.arrayContaining(['step.ts', 'random.ts', 'testing.ts', join('transitions', 'tick.ts')]));
  });

  it('has no non-test file that imports a Node module or uses a clock, Math.random, the process or the console', () => {
    const found = modelSources().flatMap((file) =>
      impurities(readFileSync(join(modelDir, file), 'utf8')).map((name) => `${file}: ${name}`),
    );
    expect(found).toEqual([]);
  });
});

describe('the purity check', () => {
  it.each([
    ['const x = Math.random();', 'Math.random'],
    ["import { readFileSync } from 'node:fs';", 'a Node module import'],
    ['import * as path from "path";', 'a Node module import'],
    ["import 'fs/promises';", 'a Node module import'],
    ["const { spawn } = require('child_process');", 'a Node module import'],
    ["const os = await import('node:os');", 'a Node module import'],
    ["export { Worker } from 'worker_threads';", 'a Node module import'],
    ['const t = Date.now();', 'Date.now'],
    ['const t = new Date(0);', 'new Date('],
    ['const t = performance.now();', 'performance.now'],
    ['const seed = process.env.SEED;', 'process.'],
    ['console.log(state);', 'console.'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the snippet is source text to scan, not a template
    ['const s = `${Math.random()}`;', 'Math.random'],
  ])('reports %s as %s', (source, name) => {
    expect(impurities(source)).toEqual([name]);
  });

  it('ignores mentions in comments, and names that merely contain a forbidden word', () => {
    const source = [
      '// never Math.random(); see random.ts',
      '/* console.log(x) */ const subprocess = 1;',
      "const url = 'https://example.org'; import { x } from './path.ts';",
    ].join('\n');
    expect(impurities(source)).toEqual([]);
  });
});
