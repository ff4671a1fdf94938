import { parentPort, workerData } from 'node:worker_threads';
import { algorithmNamed } from '../algorithms/index.ts';
import { loadAlgorithm } from '../io/loadAlgorithm.ts';
import type { Event, State, System } from '../model/index.ts';
import { propertyNamed } from '../properties/registry.ts';
import type { ContinuationViolation } from './model.ts';
import { type Chunk, type ChunkAnswer, type SuffixSystem, type SuffixWorkerData, slot } from './parallelSuffix.ts';
import { supernodeModel } from './supernodeModel.ts';

type Continuation = (state: State) => ContinuationViolation<Event> | null;

/** The system the main thread described, rebuilt: a built-in by name, or the user's module loaded again. */
async function systemOf({ config, algorithm }: SuffixSystem): Promise<System> {
  if ('builtIn' in algorithm) {
    const builtIn = algorithmNamed(algorithm.builtIn);
    if (builtIn === undefined) throw new Error(`no built-in algorithm '${algorithm.builtIn}'`);
    return { config, algorithm: builtIn };
  }
  // The main thread has loaded (and type-checked) the module already.
  const loaded = await loadAlgorithm(algorithm.module, process.cwd(), 'the suffix worker', { typecheck: false });
  if (loaded.algorithm.name !== algorithm.name) {
    throw new Error(
      `${algorithm.module} exports algorithm '${loaded.algorithm.name}' in a suffix worker, '${algorithm.name}' in the main thread`,
    );
  }
  return { config, algorithm: loaded.algorithm };
}

/** The continuation of the same supernode model the main thread explores. */
async function continuationOf(described: SuffixSystem): Promise<Continuation> {
  const system = await systemOf(described);
  const { properties, ...options } = described.model;
  const selected = properties?.map((name) => {
    const property = propertyNamed(name);
    if (property === undefined) throw new Error(`no property '${name}'`);
    return property;
  });
  const model = supernodeModel(system, { ...options, ...(selected === undefined ? {} : { properties: selected }) });
  if (model.continuation === undefined) throw new Error('the model has no quiet suffix to check: no healing property is selected');
  return model.continuation;
}

/** Checks the chunk's suffixes in order, up to the first that breaks, unless told to stop first. */
function check(continuation: Continuation, { offset, states }: Chunk, signal: Int32Array): ChunkAnswer {
  for (let i = 0; i < states.length; i++) {
    const index = offset + i;
    if (Atomics.load(signal, slot.stop) !== 0 || index > Atomics.load(signal, slot.lowest)) return { kind: 'stopped' };
    const found = continuation(states[i] as State);
    if (found === null) continue;
    for (let lowest = Atomics.load(signal, slot.lowest); index < lowest; ) {
      const was = Atomics.compareExchange(signal, slot.lowest, lowest, index);
      lowest = was === lowest ? index : was;
    }
    return { kind: 'broken', index, found };
  }
  return { kind: 'clean' };
}

const { system, signal: buffer, reply } = workerData as SuffixWorkerData;
const signal = new Int32Array(buffer);
const ready = continuationOf(system);
// A failure is kept for the first chunk to report, instead of ending the thread unheard.
ready.catch(() => {});

parentPort?.on('message', async (chunk: Chunk) => {
  let answer: ChunkAnswer;
  try {
    answer = check(await ready, chunk, signal);
  } catch (error) {
    answer = { kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  reply.postMessage(answer);
  Atomics.add(signal, slot.answered, 1);
  Atomics.notify(signal, slot.answered);
});
