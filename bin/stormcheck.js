#!/usr/bin/env node
// Registers tsx so that stormcheck's own TypeScript, and a user's algorithm written in TypeScript,
// load without a build step; then runs the command line.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
