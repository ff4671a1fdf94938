import type { CheckOptions, Shard } from '../checker/check.ts';
import { InputError } from '../io/inputError.ts';
import { type LoadedAlgorithm, type LocatedAlgorithm, loadAlgorithm, locateAlgorithm } from '../io/loadAlgorithm.ts';
import type { Preset } from '../model/index.ts';
import type { Property } from '../properties/property.ts';
import { properties as allProperties, defaultProperties, propertyNamed } from '../properties/registry.ts';
import type { Start } from '../properties/run.ts';
import { loadPreset } from './parse.ts';

/**
 * A check as plain data, so that it can be handed to the worker thread that runs it: everything is
 * resolved again on the other side from the same flags.
 */
export interface CheckJob {
  readonly algorithm: string;
  readonly preset: string;
  readonly properties: readonly string[];
  readonly runs: number;
  readonly seed: number;
  readonly shard: Shard | null;
  readonly timeLimitMs: number | null;
  /** The directory relative paths are resolved against. */
  readonly cwd: string;
  /** `--cold-start`: every run begins cold instead of from the settled network. */
  readonly start?: Start;
}

export interface ResolvedJob {
  readonly presetName: string;
  readonly preset: Preset;
  readonly loaded: LoadedAlgorithm;
  readonly properties: Property[];
}

/** The properties `--property` names (the default verdict when none is named); an unknown name is an InputError. */
export function selected(names: readonly string[]): Property[] {
  if (names.length === 0) return [...defaultProperties];
  const unknown = names.find((n) => propertyNamed(n) === undefined);
  if (unknown !== undefined) throw new InputError(`--property: unknown property '${unknown}'; see 'stormcheck list'`);
  return allProperties.filter((p) => names.includes(p.name));
}

/** What names the system under test: the part of a job `check` and `explore` share. */
export type SystemSpec = Pick<CheckJob, 'algorithm' | 'preset' | 'properties' | 'cwd' | 'start'>;

/**
 * The preset and the properties a job names, with its algorithm located and type-checked but not
 * imported: what the command checks on its own thread, where a module that loops at import would
 * hang it. Every user error is an InputError.
 */
export function locateJob(job: SystemSpec): Omit<ResolvedJob, 'loaded'> & { readonly located: LocatedAlgorithm } {
  const { name: presetName, preset } = loadPreset(job.preset);
  const located = locateAlgorithm(job.algorithm, job.cwd, '--algorithm');
  return { presetName, preset, properties: selected(job.properties), located };
}

/** The preset, the algorithm and the properties a job names; every user error is an InputError. */
export async function resolveJob(job: SystemSpec, options: { readonly typecheck?: boolean } = {}): Promise<ResolvedJob> {
  const { name: presetName, preset } = loadPreset(job.preset);
  const loaded = await loadAlgorithm(job.algorithm, job.cwd, '--algorithm', options);
  return { presetName, preset, loaded, properties: selected(job.properties) };
}

/** The checker's options for a job; a module's algorithm is `contained` already (io/loadAlgorithm.ts). */
export function checkOptions(job: CheckJob, resolved: ResolvedJob): CheckOptions {
  return {
    algorithm: resolved.loaded.algorithm,
    preset: resolved.preset,
    properties: resolved.properties,
    runs: job.runs,
    seed: job.seed,
    ...(job.shard === null ? {} : { shard: job.shard }),
    ...(job.timeLimitMs === null ? {} : { timeLimitMs: job.timeLimitMs }),
    ...(job.start === undefined ? {} : { start: job.start }),
  };
}
