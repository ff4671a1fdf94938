import { closeSync, fstatSync, openSync, readSync, type Stats, statSync } from 'node:fs';
import { InputError } from './inputError.ts';
import { printable } from './printable.ts';

/**
 * Limits on what stormcheck reads from a file, each with its own message: a counterexample or a
 * preset is small (the largest shipped one is a few kilobytes), so these bounds leave room and
 * stop a file that would take minutes or gigabytes to read before any check could refuse it.
 */
export const inputLimits = {
  /** Bytes of a counterexample or a preset file. */
  bytesMax: 4 * 1024 * 1024,
  /** Arrays and objects inside one another: a counterexample needs four. */
  depthMax: 32,
} as const;

/**
 * The text of a regular file, at most `inputLimits.bytesMax` bytes. A FIFO or a device is refused
 * before it is opened, since reading one can block forever (a FIFO no one writes) or never end
 * (`/dev/zero`). `what` names the file or flag in the message.
 */
export function readInputFile(path: string, what: string): string {
  const fd = openRegular(path, what);
  try {
    const size = fstatSync(fd).size;
    if (size > inputLimits.bytesMax) {
      throw new InputError(`${what}: ${size} bytes, more than the ${inputLimits.bytesMax} a stormcheck file may have`);
    }
    const buffer = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, buffer, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function openRegular(path: string, what: string): number {
  let fd: number;
  try {
    // stat first: opening a FIFO for reading blocks until someone opens it for writing.
    refuseSpecial(statSync(path), what);
    fd = openSync(path, 'r');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${what}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  // The file may have been swapped between the stat and the open.
  try {
    refuseSpecial(fstatSync(fd), what);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return fd;
}

/** Refuses anything but a regular file; `what` names it in the message. */
export function refuseSpecial(stats: Stats, what: string): void {
  if (stats.isFile()) return;
  const kind = stats.isFIFO()
    ? 'a FIFO'
    : stats.isDirectory()
      ? 'a directory'
      : stats.isCharacterDevice() || stats.isBlockDevice()
        ? 'a device'
        : stats.isSocket()
          ? 'a socket'
          : 'not a regular file';
  throw new InputError(`${what}: is ${kind}, not a regular file`);
}

/**
 * A JSON file read within `inputLimits`: every problem is one `InputError` starting with `what`.
 * A syntax error names the position, never the file's content, which may be anything (`/etc/passwd`).
 */
export function readJsonFile(path: string, what: string): unknown {
  const text = readInputFile(path, what);
  const depth = nestingOver(text, inputLimits.depthMax);
  if (depth !== null) throw new InputError(`${what}: nested deeper than ${inputLimits.depthMax} levels (at character ${depth})`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${what}: not valid JSON: ${syntaxProblem((error as Error).message)}`);
  }
}

/** V8's message without the excerpt of the text it quotes: `Unexpected token 'r', "root:x:0"... is not valid JSON`. */
function syntaxProblem(message: string): string {
  return printable(message.replace(/, ".*"(\.\.\.)? is not valid JSON$/s, '')).slice(0, 120);
}

/** The offset at which `text`'s arrays and objects nest deeper than `depthMax`, or null; strings are skipped. */
function nestingOver(text: string, depthMax: number): number | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > depthMax) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return null;
}
