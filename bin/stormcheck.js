#!/usr/bin/env node
// Registers tsx so that a user's algorithm written in TypeScript loads without a build step; then
// runs the command line: from the TypeScript source in a checkout of stormcheck (where cli/main.ts
// is), from the compiled dist/ in the installed package (which holds no source).
import { existsSync } from 'node:fs';
import { register as registerCommonJs } from 'tsx/cjs/api';
import { register } from 'tsx/esm/api';

// Both hooks: a user's .ts algorithm in a CommonJS project (npm init's default) loads through require.
register();
registerCommonJs();
const source = new URL('../cli/main.ts', import.meta.url);
const { main } = await import(existsSync(source) ? source.href : '../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
