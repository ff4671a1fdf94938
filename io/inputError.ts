/**
 * A mistake a user can make: a bad flag or value, an unreadable or invalid file, an algorithm module
 * that does not load or breaks its contract. The CLI prints the message as one line and exits 2.
 * The message names the file, field or flag; programmer errors are ordinary Errors instead.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** 0 every property held, 1 one was violated, 2 a user's input was wrong, 3 a limit cut the run short. */
export const exitCodes = { passed: 0, violated: 1, input: 2, limit: 3 } as const;

/**
 * `--time-limit` reached where the search could not stop on its own (inside a run, or in a phase
 * after the search): the CLI prints the message as one line and exits 3, as for any limit.
 */
export class LimitReached extends Error {
  override readonly name = 'LimitReached';
}
