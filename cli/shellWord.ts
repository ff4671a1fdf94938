import { isAbsolute, relative, sep } from 'node:path';

/** A path as a shell word, so that a printed command can be pasted whatever the path holds. */
export function shellQuoted(path: string): string {
  return /^[\w./@%+=:,-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`;
}

/**
 * The command that replays a stored counterexample. A file that names a module does not run it
 * unless asked (replayJob.ts), so the command names the module with `--algorithm`: the same code,
 * chosen by whoever runs the command rather than by the file. `module` is absolute, or null for a built-in.
 */
export function replayCommandLine(path: string, module: string | null): string {
  const command = `npx stormcheck replay ${shellQuoted(path)}`;
  if (module === null) return command;
  // Relative when it is under the working folder (a CI checkout), else as it is.
  const fromHere = relative(process.cwd(), module);
  const spec = isAbsolute(fromHere) || fromHere.startsWith('..') ? module : `./${fromHere.split(sep).join('/')}`;
  return `${command} --algorithm ${shellQuoted(spec)}`;
}
