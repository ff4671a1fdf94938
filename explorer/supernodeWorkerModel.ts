// What a search worker imports to rebuild the supernode model (searchSystem.ts names it): the
// system from the plain data the main thread sent, then the model with the same options.
import { algorithmNamed } from '../algorithms/index.ts';
import { withHeartbeat } from '../io/heartbeat.ts';
import { loadAlgorithm } from '../io/loadAlgorithm.ts';
import type { System } from '../model/index.ts';
import { propertyNamed } from '../properties/registry.ts';
import type { ExplorableModel } from './model.ts';
import type { SearchSystem } from './searchSystem.ts';
import type { WorkerModelOf } from './searchWorkers.ts';
import { supernodeModel } from './supernodeModel.ts';

/**
 * The system the main thread described, rebuilt: a built-in by name, or the user's module loaded
 * again. Every call to the algorithm is a sign of progress (`onCall`), so that a state whose quiet
 * phase branches into many calls is not taken for a hung one by the waiting main thread.
 */
async function systemOf(described: SearchSystem, onCall: () => void): Promise<System> {
  const system = await rebuilt(described);
  return { ...system, algorithm: withHeartbeat(system.algorithm, onCall) };
}

async function rebuilt({ config, algorithm }: SearchSystem): Promise<System> {
  if ('builtIn' in algorithm) {
    const builtIn = algorithmNamed(algorithm.builtIn);
    if (builtIn === undefined) throw new Error(`no built-in algorithm '${algorithm.builtIn}'`);
    return { config, algorithm: builtIn };
  }
  // The main thread has loaded (and type-checked) the module already.
  const loaded = await loadAlgorithm(algorithm.module, process.cwd(), 'the search worker', { typecheck: false });
  if (loaded.algorithm.name !== algorithm.name) {
    throw new Error(
      `${algorithm.module} exports algorithm '${loaded.algorithm.name}' in a search worker, '${algorithm.name}' in the main thread`,
    );
  }
  return { config, algorithm: loaded.algorithm };
}

/** The same supernode model the main thread explores (`WorkerModelOf`, searchWorkers.ts). */
export const workerModel: WorkerModelOf = async (data, onCall) => {
  const described = data as SearchSystem;
  const system = await systemOf(described, onCall);
  const { properties, ...options } = described.model;
  const selected = properties?.map((name) => {
    const property = propertyNamed(name);
    if (property === undefined) throw new Error(`no property '${name}'`);
    return property;
  });
  return supernodeModel(system, { ...options, ...(selected === undefined ? {} : { properties: selected }) }) as ExplorableModel<
    unknown,
    unknown
  >;
};
