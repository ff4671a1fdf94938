import { algorithmNamed } from '../algorithms/index.ts';
import { codeExtension } from '../io/algorithmSource.ts';
import type { Config, System } from '../model/index.ts';
import { propertyNamed } from '../properties/registry.ts';
import type { ExploreOptions } from './explore.ts';
import type { WorkerModel } from './searchWorkers.ts';
import type { SupernodeModelOptions } from './supernodeModel.ts';

/**
 * The supernode model's side of the search's worker threads (searchWorkers.ts): what a worker
 * rebuilds the model from, and the module that rebuilds it (supernodeWorkerModel.ts).
 */

export type SearchWorkerOptions = Pick<ExploreOptions, 'workers'> & {
  /** The file a user's algorithm was loaded from (`LoadedAlgorithm.module`), which each worker loads again. */
  readonly algorithmModule?: string;
};

/** What a worker rebuilds the supernode model from: plain data, cloned to it once. */
export interface SearchSystem {
  readonly config: Config;
  readonly algorithm: { readonly builtIn: string } | { readonly module: string; readonly name: string };
  /** The model's options, with the properties by name, in the order given. */
  readonly model: Omit<SupernodeModelOptions, 'properties'> & { readonly properties?: readonly string[] };
}

/**
 * The system as data a worker can rebuild it from, or why it cannot be: the algorithm must be a
 * built-in or come from `options.algorithmModule`, and every property must be the registry's.
 */
export function searchSystemOf(system: System, options: SupernodeModelOptions & SearchWorkerOptions): SearchSystem | string {
  const { algorithm } = system;
  const builtIn = algorithmNamed(algorithm.name) === algorithm;
  if (!builtIn && options.algorithmModule === undefined) {
    return `algorithm '${algorithm.name}' is neither a built-in nor given with algorithmModule, so the workers cannot load it`;
  }
  const foreign = options.properties?.find((p) => propertyNamed(p.name) !== p);
  if (foreign !== undefined) return `property '${foreign.name}' is not the registry's, so the workers cannot name it`;
  if (options.symmetry === true) return 'symmetry reduction keys a state by another one, so its levels are not packed for the workers';
  const { usagePercents, eventKinds, keepTick, extraEvents, suffixMemo, start } = options;
  return {
    config: system.config,
    algorithm: builtIn ? { builtIn: algorithm.name } : { module: options.algorithmModule as string, name: algorithm.name },
    model: {
      ...(options.properties === undefined ? {} : { properties: options.properties.map((p) => p.name) }),
      ...(usagePercents === undefined ? {} : { usagePercents }),
      ...(eventKinds === undefined ? {} : { eventKinds }),
      ...(keepTick === undefined ? {} : { keepTick }),
      ...(start === undefined ? {} : { start }),
      ...(extraEvents === undefined ? {} : { extraEvents }),
      // Shared memory crosses to the workers as itself, not a copy: all threads use one memo.
      ...(suffixMemo === undefined ? {} : { suffixMemo }),
    },
  };
}

/**
 * How the search's workers rebuild the supernode model, or why they cannot (`searchSystemOf`): the
 * search then runs in its own thread alone.
 */
export function workerModelOf(system: System, options: SupernodeModelOptions & SearchWorkerOptions): WorkerModel | string {
  const data = searchSystemOf(system, options);
  if (typeof data === 'string') return data;
  return { module: new URL(`./supernodeWorkerModel${codeExtension}`, import.meta.url).href, data };
}
