#!/usr/bin/env node
// Registers tsx so that stormcheck's own TypeScript, and a user's algorithm written in TypeScript,
// load without a build step; then runs the command line.
import { register as registerCommonJs } from 'tsx/cjs/api';
import { register } from 'tsx/esm/api';

// Both hooks: a user's .ts algorithm in a CommonJS project (npm init's default) loads through require.
register();
registerCommonJs();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
