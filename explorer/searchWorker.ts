import { parentPort, workerData } from 'node:worker_threads';
import { algorithmNamed } from '../algorithms/index.ts';
import { withHeartbeat } from '../io/heartbeat.ts';
import { loadAlgorithm } from '../io/loadAlgorithm.ts';
import type { State, System } from '../model/index.ts';
import { propertyNamed } from '../properties/registry.ts';
import { ChoiceLimit } from './choices.ts';
import { type Expansion, expandChunk } from './expandChunk.ts';
import type { ExplorableModel } from './model.ts';
import { type Job, type JobAnswer, type SearchSystem, type SearchWorkerData, slot } from './searchWorkers.ts';
import { type Branch, supernodeModel } from './supernodeModel.ts';

/**
 * The system the main thread described, rebuilt: a built-in by name, or the user's module loaded
 * again. Every call to the algorithm counts as progress (`slot.advanced`), so that a state whose
 * quiet phase branches into many calls is not taken for a hung one by the waiting main thread.
 */
async function systemOf(described: SearchSystem): Promise<System> {
  const system = await rebuilt(described);
  return { ...system, algorithm: withHeartbeat(system.algorithm, () => Atomics.add(signal, slot.advanced, 1)) };
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

/** The same supernode model the main thread explores. */
async function modelOf(described: SearchSystem): Promise<ExplorableModel<State, Branch>> {
  const system = await systemOf(described);
  const { properties, ...options } = described.model;
  const selected = properties?.map((name) => {
    const property = propertyNamed(name);
    if (property === undefined) throw new Error(`no property '${name}'`);
    return property;
  });
  return supernodeModel(system, { ...options, ...(selected === undefined ? {} : { properties: selected }) });
}

/** Lowers `slot.lowest` to `index` unless another worker has already lowered it further. */
function claimLowest(index: number): void {
  for (let lowest = Atomics.load(signal, slot.lowest); index < lowest; ) {
    const was = Atomics.compareExchange(signal, slot.lowest, lowest, index);
    lowest = was === lowest ? index : was;
  }
}

/** Whether to stop before state `k`: out of time, or an earlier state of the level has broken. */
function stopAt(k: number): boolean {
  if (Atomics.load(signal, slot.stop) !== 0 || k > Atomics.load(signal, slot.lowest)) return true;
  Atomics.add(signal, slot.advanced, 1);
  return false;
}

function expand(model: ExplorableModel<State, Branch>, { level, from, to }: Job): JobAnswer {
  const expansion = expandChunk(model, level, from, to, stopAt);
  if (expansion.broken !== null) claimLowest(from + expansion.broken.parent);
  return { kind: 'expanded', expansion };
}

/** Checks the run's quiet suffixes in order, up to the first that breaks, unless told to stop first. */
function check(model: ExplorableModel<State, Branch>, { level, from, to }: Job): JobAnswer {
  const { codec, continuation } = model;
  if (codec === undefined || continuation === undefined) throw new Error('the model has no codec or no quiet suffix to check');
  for (let k = from; k < to; k++) {
    if (stopAt(k)) return { kind: 'stopped' };
    // Asked at every step of the suffix too: a sign of life, and told to stop, it stops there.
    const found = continuation(codec.decode(level.words, level.starts[k] as number, level.starts[k + 1] as number), () => stopAt(k));
    if (found === 'time') return { kind: 'stopped' };
    if (found === null) continue;
    claimLowest(k);
    return { kind: 'broken', index: k, found };
  }
  return { kind: 'clean' };
}

const { system, signal: buffer, reply } = workerData as SearchWorkerData;
const signal = new Int32Array(buffer);
const ready = modelOf(system);
// A failure is kept for the first job to report, instead of ending the thread unheard.
ready.catch(() => {});
// Loaded either way: the main thread stops counting this worker's start-up as progress.
const loaded = () => Atomics.add(signal, slot.loaded, 1);
ready.then(loaded, loaded);

parentPort?.on('message', async (job: Job) => {
  let answer: JobAnswer;
  try {
    const model = await ready;
    answer = job.kind === 'expand' ? expand(model, job) : check(model, job);
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    answer = error instanceof ChoiceLimit ? { kind: 'error', message, choicesMax: error.vectorsMax } : { kind: 'error', message };
  }
  const transfer = answer.kind === 'expanded' ? transferable(answer.expansion) : [];
  reply.postMessage(answer, transfer);
  Atomics.add(signal, slot.answered, 1);
  Atomics.notify(signal, slot.answered);
});

/** The expansion's arrays, handed over rather than copied: the worker keeps none of them. */
function transferable(e: Expansion): ArrayBuffer[] {
  return [e.parents, e.actions, e.fingerprints, e.states.words, e.states.starts].map((a) => a.buffer as ArrayBuffer);
}
