import { basename } from 'node:path';
import { sha256 } from '../io/algorithmSource.ts';
import { InputError } from '../io/inputError.ts';
import { clipped, quoted } from '../io/printable.ts';
import { readJsonFile } from '../io/readInput.ts';
import { propertyNamed } from '../properties/registry.ts';
import { identityOf } from './record.ts';
import { type CounterexampleFile, counterexampleFormat, counterexampleSchema, counterexampleVersion, firstIssue } from './schema.ts';

/**
 * Events times nodes, at most: what a replay costs (about 150,000 node-steps a second with healing
 * on this machine, so a few seconds at most). A schema-valid file of 512 nodes and 100,000 ticks
 * would otherwise take minutes and gigabytes; the shipped files are below 2,000.
 */
export const nodeStepsMax = 1_000_000;

export interface LoadOptions {
  /** Load a file whose content no longer matches the identity hash in its name (`--accept-edits`). */
  readonly acceptEdits?: boolean;
}

/**
 * Reads and validates a counterexample file. Every problem is one `InputError` naming the file and
 * the field. Nothing in the file is executed; an algorithm module it names is loaded only by the
 * caller, and only when the user asks for it (`replay --trust-module`).
 *
 * A stored file is content-addressed: its name ends in the first 8 hex digits of the SHA-256 of its
 * identity (algorithm, property, config, events; see `identityOf`). The hash is recomputed here, so
 * that an edited event is reported as an edit, not replayed into a verdict that blames the model.
 */
export function loadCounterexample(path: string, options: LoadOptions = {}): CounterexampleFile {
  const json = readJsonFile(path, path);
  const header = json as { format?: unknown; version?: unknown } | null;
  if (typeof header !== 'object' || header === null || header.format !== counterexampleFormat) {
    throw new InputError(`${path}: field format: not a stormcheck counterexample (expected "${counterexampleFormat}")`);
  }
  if (header.version !== counterexampleVersion) {
    throw new InputError(
      `${path}: field version: format version ${'version' in header ? quoted(header.version) : 'undefined'} is not read by this stormcheck, which reads version ${counterexampleVersion} only (the model changed; find the counterexample again with 'stormcheck check')`,
    );
  }
  const parsed = counterexampleSchema.safeParse(json);
  if (!parsed.success) throw new InputError(`${path}: ${firstIssue(parsed.error)}`);
  const record = parsed.data;
  if (propertyNamed(record.property) === undefined)
    throw new InputError(`${path}: field property: unknown property '${clipped(record.property)}'`);
  const nodes = record.config.nodes.length;
  const outOfRange = record.violation.nodes.findIndex((i) => i >= nodes);
  if (outOfRange >= 0) {
    throw new InputError(
      `${path}: field violation.nodes.${outOfRange}: node ${record.violation.nodes[outOfRange]} is out of range (the config has ${nodes} nodes)`,
    );
  }
  if (record.draws.length !== record.events.length) {
    throw new InputError(`${path}: field draws: ${record.draws.length} lists of draws for ${record.events.length} events (one per event)`);
  }
  if (record.violation.step > record.events.length) {
    throw new InputError(`${path}: field violation.step: ${record.violation.step} is past the last of ${record.events.length} events`);
  }
  const work = record.events.length * nodes;
  if (work > nodeStepsMax) {
    throw new InputError(
      `${path}: field events: ${record.events.length} events on ${nodes} nodes are ${work} node-steps, more than the ${nodeStepsMax} a replay may take`,
    );
  }
  const ordinal = ordinalProblem(record);
  if (ordinal !== null) throw new InputError(`${path}: ${ordinal}`);
  if (options.acceptEdits !== true) checkIdentity(path, record);
  return record;
}

/**
 * Events address users and supernodes by ordinals the model takes modulo the population, so any
 * value replays; but the checker draws them below 64 (crashes below 16) and the explorer below the
 * node count, so a larger or negative one was written by hand, and is refused rather than wrapped.
 */
function ordinalProblem(record: CounterexampleFile): string | null {
  const limit = Math.max(64, record.config.nodes.length);
  const bad = (n: number) => n < 0 || n >= limit;
  for (const [k, event] of record.events.entries()) {
    const fields: [string, number][] =
      event.kind === 'crash'
        ? event.supernodes.map((n, j) => [`supernodes.${j}`, n])
        : 'user' in event
          ? [['user', event.user]]
          : event.kind === 'patchStorm'
            ? [['offset', event.offset]]
            : [];
    const found = fields.find(([, n]) => bad(n));
    if (found !== undefined) return `field events.${k}.${found[0]}: ordinal ${found[1]} is out of range (0 to ${limit - 1})`;
  }
  return null;
}

/** `<property>--<algorithm>--<8 hex>.json`, or `…-2.json` beside a namesake: the hash the name carries. */
const hashInName = /--([0-9a-f]{8})(?:-\d+)?\.json$/;

/** The hash a file's name carries and the one its content has, when they differ; null when they agree or the name carries none. */
export function identityMismatch(path: string, record: CounterexampleFile): { readonly named: string; readonly actual: string } | null {
  const named = hashInName.exec(basename(path))?.[1];
  if (named === undefined) return null;
  const actual = sha256(identityOf(record)).slice(0, 8);
  return actual === named ? null : { named, actual };
}

/**
 * A file whose name carries an identity hash must still hash to it. A name without one was never
 * stored by stormcheck (a hand-written file), and has nothing to check against.
 */
function checkIdentity(path: string, record: CounterexampleFile): void {
  const mismatch = identityMismatch(path, record);
  if (mismatch === null) return;
  const { named, actual } = mismatch;
  throw new InputError(
    `${path}: edited since it was recorded: its algorithm, property, config, events and draws hash to ${actual}, not the ${named} of its name (--accept-edits replays it as it is)`,
  );
}
