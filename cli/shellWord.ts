/** A path as a shell word, so that a printed command can be pasted whatever the path holds. */
export function shellQuoted(path: string): string {
  return /^[\w./@%+=:,-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`;
}
