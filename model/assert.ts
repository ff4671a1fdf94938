/** Programmer errors inside the model. A user's mistake never reaches these: see `contract.ts`. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`stormcheck internal error: ${message}`);
}

export function assertNever(value: never): never {
  throw new Error(`stormcheck internal error: unexpected ${JSON.stringify(value)}`);
}
