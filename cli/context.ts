import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** What the CLI writes to: its streams, so that tests can capture them. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly stderr: NodeJS.WriteStream;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  stderr: process.stderr,
};

const require = createRequire(import.meta.url);

function versionOf(packageJson: string): string {
  return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
}

/**
 * stormcheck's and fast-check's versions, recorded in every counterexample it writes. stormcheck's
 * own package.json by its name (a package may import itself), since this module runs from cli/ in
 * a checkout and from dist/cli/ in the installed package.
 */
export const versions = {
  stormcheck: versionOf(require.resolve('stormcheck/package.json')),
  fastCheck: versionOf(require.resolve('fast-check/package.json')),
};
