import { parentPort, workerData } from 'node:worker_threads';
import { ChoiceLimit } from './choices.ts';
import type { ExplorableModel } from './model.ts';
import { type Job, type JobAnswer, type SearchWorkerData, slot, type WorkerModelOf } from './searchWorkers.ts';

type Model = ExplorableModel<unknown, unknown>;

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

/** Checks the run's quiet suffixes in order, up to the first that breaks, unless told to stop first. */
function check(model: Model, { level, from, to }: Job): JobAnswer {
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

const { model: recipe, signal: buffer, reply } = workerData as SearchWorkerData;
const signal = new Int32Array(buffer);
// The module the search named rebuilds the model; each call it reports is progress (`slot.advanced`).
const ready = import(recipe.module).then(({ workerModel }: { workerModel: WorkerModelOf }) =>
  workerModel(recipe.data, () => Atomics.add(signal, slot.advanced, 1)),
);
// A failure is kept for the first job to report, instead of ending the thread unheard.
ready.catch(() => {});
// Loaded either way: the main thread stops counting this worker's start-up as progress.
const loaded = () => Atomics.add(signal, slot.loaded, 1);
ready.then(loaded, loaded);

parentPort?.on('message', async (job: Job) => {
  let answer: JobAnswer;
  try {
    const model = await ready;
    answer = check(model, job);
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    answer = error instanceof ChoiceLimit ? { kind: 'error', message, choicesMax: error.vectorsMax } : { kind: 'error', message };
  }
  reply.postMessage(answer);
  Atomics.add(signal, slot.answered, 1);
  Atomics.notify(signal, slot.answered);
});
