import type { AllocationAlgorithm, Config, NetworkView } from '../model/index.ts';
import { InputError } from './inputError.ts';

/** Arrays and objects inside one another in a value an algorithm returns: memory deeper than this is a mistake. */
const depthMax = 1000;

/**
 * A copy of what an algorithm returned, made of plain data, so that the model's checks (and its
 * messages, which print values) never meet a cycle, a BigInt, a getter that throws or a Proxy:
 * each of those throws here, inside the model's guard around the call, and becomes a contract
 * violation with its trace instead of a crash. Values the model judges itself are kept as they are
 * (a class instance, a function, `undefined`), so that its own, more precise, message is the one given.
 */
function plainCopy(value: unknown, what: string, ancestors: Set<object> = new Set()): unknown {
  if (typeof value === 'bigint') throw new Error(`${what} is a BigInt, not a JSON number`);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`${what} is ${String(value)}, not a finite number`);
  if (typeof value !== 'object' || value === null) return value;
  if (ancestors.has(value)) throw new Error(`${what} is cyclic: it contains itself`);
  if (ancestors.size >= depthMax) throw new Error(`${what} is nested deeper than ${depthMax} levels`);
  const prototype = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) return value;
  ancestors.add(value);
  const copy = Array.isArray(value)
    ? value.map((item, k) => plainCopy(item, `${what}[${k}]`, ancestors))
    : Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plainCopy(item, `${what}.${key}`, ancestors)]));
  ancestors.delete(value);
  return copy;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

/**
 * The view an algorithm gets, with the configuration frozen: the model's own copy is not, and an
 * algorithm that changes it (`view.config.nodes[0].capacity = 0`) would change the network under
 * the checker, which then blames a property ("capacity") instead of the contract. Under a frozen
 * copy the assignment throws (modules are strict), inside the model's guard: a contract violation.
 * The state is frozen already (immer).
 */
function frozenViews(): (view: NetworkView) => NetworkView {
  const frozen = new WeakMap<Config, Config>();
  return (view) => {
    let config = frozen.get(view.config);
    if (config === undefined) {
      config = deepFreeze(structuredClone(view.config));
      frozen.set(view.config, config);
    }
    return { config, state: view.state };
  };
}

/**
 * A user's algorithm as stormcheck runs it: every value it returns checked to be plain data, its
 * view's configuration frozen, and a failure of `initialMemory` (which the model calls outside any
 * guard) a user's error in one line. `loadAlgorithm` returns every module's algorithm so, which is
 * how check, explore (and its search workers), diff, replay and the confirmation all run one: a
 * command cannot forget it. The built-ins are stormcheck's own and run as they are.
 */
export function contained(algorithm: AllocationAlgorithm): AllocationAlgorithm {
  const view = frozenViews();
  const name = algorithm.name;
  return {
    ...algorithm,
    initialMemory: (config) => {
      try {
        return plainCopy(algorithm.initialMemory(deepFreeze(structuredClone(config))), 'the initial memory') as ReturnType<
          AllocationAlgorithm['initialMemory']
        >;
      } catch (error) {
        throw new InputError(`algorithm ${name}: initialMemory threw: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    chooseSupernode: (v, node, random) =>
      plainCopy(algorithm.chooseSupernode(view(v), node, random), 'the choice') as ReturnType<AllocationAlgorithm['chooseSupernode']>,
    admit: (v, supernode, node) => plainCopy(algorithm.admit(view(v), supernode, node), 'the answer') as boolean,
    retryDelay: (v, node, attempt, random) => plainCopy(algorithm.retryDelay(view(v), node, attempt, random), 'the delay') as number,
    refreshHostCache: (v, node, supernode, random) =>
      plainCopy(algorithm.refreshHostCache(view(v), node, supernode, random), 'the host cache') as ReturnType<
        AllocationAlgorithm['refreshHostCache']
      >,
    plan: (v, memory, random) => plainCopy(algorithm.plan(view(v), memory, random), 'the plan') as ReturnType<AllocationAlgorithm['plan']>,
  };
}
