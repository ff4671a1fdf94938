import { readFileSync } from 'node:fs';
import { InputError } from '../io/inputError.ts';
import { propertyNamed } from '../properties/registry.ts';
import { type CounterexampleFile, counterexampleFormat, counterexampleSchema, counterexampleVersion, firstIssue } from './schema.ts';

/**
 * Reads and validates a counterexample file. Every problem is one `InputError` naming the file and
 * the field. Nothing in the file is executed; an algorithm module it names is loaded only by the
 * caller, from the path the file gives relative to its own folder.
 */
export function loadCounterexample(path: string): CounterexampleFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`${path}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${path}: not valid JSON: ${(error as Error).message}`);
  }
  const header = json as { format?: unknown; version?: unknown } | null;
  if (typeof header !== 'object' || header === null || header.format !== counterexampleFormat) {
    throw new InputError(`${path}: field format: not a stormcheck counterexample (expected "${counterexampleFormat}")`);
  }
  if (header.version !== counterexampleVersion) {
    throw new InputError(
      `${path}: field version: format version ${JSON.stringify(header.version)} is not read by this stormcheck, which reads version ${counterexampleVersion} only (the model changed; find the counterexample again with 'stormcheck check')`,
    );
  }
  const parsed = counterexampleSchema.safeParse(json);
  if (!parsed.success) throw new InputError(`${path}: ${firstIssue(parsed.error)}`);
  const record = parsed.data;
  if (propertyNamed(record.property) === undefined) throw new InputError(`${path}: field property: unknown property '${record.property}'`);
  const nodes = record.config.nodes.length;
  const outOfRange = record.violation.nodes.findIndex((i) => i >= nodes);
  if (outOfRange >= 0) {
    throw new InputError(
      `${path}: field violation.nodes.${outOfRange}: node ${record.violation.nodes[outOfRange]} is out of range (the config has ${nodes} nodes)`,
    );
  }
  if (record.violation.step > record.events.length) {
    throw new InputError(`${path}: field violation.step: ${record.violation.step} is past the last of ${record.events.length} events`);
  }
  return record;
}
