// The README's property table names every property in the registry, with its label, so the
// documentation cannot silently fall behind the code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { properties } from './registry.ts';

it('the README lists every property by label and name', () => {
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  const missing = properties.filter((p) => !readme.includes(`| ${p.label} | ${p.name} |`)).map((p) => p.name);
  expect(missing).toEqual([]);
});
