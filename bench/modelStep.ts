import fc from 'fast-check';
import { Immer } from 'immer';
import { healing } from '../algorithms/healing.ts';
import type { StateDraft, System } from '../model/draft.ts';
import type { Event } from '../model/events.ts';
import { initialState } from '../model/initial.ts';
import { presets } from '../model/presets.ts';
import { census, optimalOnline } from '../model/queries.ts';
import type { State } from '../model/state.ts';
import { applies, recipe, step, stepMutable } from '../model/step.ts';
import { eventArbitrary } from './eventArbitrary.ts';
import { compare, type Row, type Section, type Variant } from './measure.ts';

/**
 * What the model's transition costs under immer against the same recipe on a plain copy: single
 * steps on a fixed script, and whole fast-check runs, where generation and the property checks
 * dilute the step. Every variant runs the one recipe of `model/step.ts`; they differ only in how
 * the next state is made (immer with or without freezing; the model's own copy, a structured clone
 * or a JSON round trip).
 */

type Stepper = (system: System, state: State, event: Event) => State;

/** Immer without auto-freeze, on its own instance so the global `produce` that `step` uses keeps its default. */
const unfrozen = new Immer({ autoFreeze: false });

const stepImmerUnfrozen: Stepper = (system, state, event) =>
  applies(system.config, state, event) ? unfrozen.produce(state, (draft) => recipe(system, state, draft, event)) : state;

/** `stepMutable` with another way of copying: the recipe changes a plain copy in place when it is given it as both base and draft. */
function stepCopyingWith(copy: (state: State) => State): Stepper {
  return (system, state, event) => {
    if (!applies(system.config, state, event)) return state;
    const next = copy(state);
    recipe(system, next, next as StateDraft, event);
    return next;
  };
}

/** Baseline first: the ratios in the report are against `stepMutable` as the model ships it. */
const steppers: readonly (readonly [string, Stepper])[] = [
  ['mutable: stepMutable', stepMutable],
  ['mutable: structuredClone copy', stepCopyingWith((state) => structuredClone(state))],
  ['mutable: JSON round-trip copy', stepCopyingWith((state) => JSON.parse(JSON.stringify(state)) as State)],
  ['immer: step (autoFreeze on)', step],
  ['immer: new Immer, autoFreeze off', stepImmerUnfrozen],
];

const defaultPreset = presets.default;
if (defaultPreset === undefined) throw new Error('stormcheck bench: the default preset is missing');
const system: System = { config: defaultPreset.config, algorithm: healing };

function ticks(count: number): Event[] {
  return Array.from({ length: count }, () => ({ kind: 'tick' }) as const);
}

/** Users churn: one reboots, another logs out and back in, with a few ticks between. */
function churn(rounds: number): Event[] {
  return Array.from({ length: rounds }, (_, k): Event[] => [
    { kind: 'reboot', user: k * 7 },
    ...ticks(3),
    { kind: 'logout', user: k * 5 + 1 },
    ...ticks(2),
    { kind: 'login', user: k * 5 + 1 },
    ...ticks(3),
  ]).flat();
}

/**
 * The fixed 500-event script of the step benchmark: a cold start that settles, a heavy day, a patch
 * storm, a crash of supernodes, user churn, mega supernodes, then a long quiet phase.
 */
export const stepScript: readonly Event[] = (() => {
  const busy: Event[] = [
    ...ticks(40),
    { kind: 'usageSpike', percent: 200 },
    ...ticks(2),
    { kind: 'patchStorm', percent: 70, windowTicks: 4, biasSupernodes: true, offset: 0 },
    ...ticks(30),
    { kind: 'crash', supernodes: [0, 2, 4] },
    ...ticks(20),
    ...churn(20),
    { kind: 'addMega', count: 2 },
    ...ticks(10),
    { kind: 'quiet' },
  ];
  return [...busy, ...ticks(500 - busy.length)];
})();

function foldScript(stepper: Stepper): State {
  let state = initialState(system.config, system.algorithm);
  for (const event of stepScript) state = stepper(system, state, event);
  return state;
}

/** Keeps the queries' results alive, so the JIT cannot drop them as dead code. */
let _sink = 0;

/** The stand-in for a property check: the queries every healing property reads, after every step. */
function checkAfterEveryStep(stepper: Stepper, events: readonly Event[]): boolean {
  let state = initialState(system.config, system.algorithm);
  for (const event of events) {
    state = stepper(system, state, event);
    _sink += census(system.config, state).online + optimalOnline(system.config, state);
  }
  return true;
}

/**
 * Whole runs are measured on two workloads. `fc.array(events, { maxLength: 200 })` as written
 * generates at most 10 events: fast-check 4 sizes an array by its `baseSize` ("small") unless told
 * otherwise, and `maxLength` alone does not change that. `size: 'max'` gives the runs of up to 200
 * events the bound suggests. The short runs weigh per-run costs (initial state, the cold start's
 * login flood, fast-check itself); the long ones weigh the steps.
 */
interface RunWorkload {
  readonly label: string;
  readonly events: fc.Arbitrary<Event[]>;
  readonly count: number;
}

const runSeed = 42;
const eventsMax = 200;
const runWorkloads: readonly RunWorkload[] = [
  { label: `maxLength ${eventsMax}, default size`, events: fc.array(eventArbitrary, { maxLength: eventsMax }), count: 40 },
  { label: `maxLength ${eventsMax}, size 'max'`, events: fc.array(eventArbitrary, { maxLength: eventsMax, size: 'max' }), count: 8 },
];

function wholeRuns(workload: RunWorkload, stepper: Stepper): void {
  fc.assert(
    fc.property(workload.events, (events) => checkAfterEveryStep(stepper, events)),
    { numRuns: workload.count, seed: runSeed },
  );
}

function eventsPerRun(workload: RunWorkload): number {
  let events = 0;
  fc.assert(
    fc.property(workload.events, (e) => {
      events += e.length;
    }),
    { numRuns: workload.count, seed: runSeed },
  );
  return events / workload.count;
}

/** One copy of the semantics means one answer: every variant must end the script in the same state. */
function assertVariantsAgree(): number {
  const [reference, ...others] = steppers.map(([, stepper]) => JSON.stringify(foldScript(stepper)));
  others.forEach((other, k) => {
    if (other !== reference) throw new Error(`stormcheck bench: ${steppers[k + 1]?.[0]} ends the script in another state`);
  });
  let applied = 0;
  let state = initialState(system.config, system.algorithm);
  for (const event of stepScript) {
    const next = step(system, state, event);
    if (next !== state) applied++;
    state = next;
  }
  return applied;
}

const rounds = { warmupRounds: 2, timedRounds: 7 } as const;

function variants(sample: (stepper: Stepper) => void): Variant[] {
  return steppers.map(([name, stepper]) => ({ name, sample: () => sample(stepper) }));
}

export const modelStep: Section = {
  name: 'model step: immer vs mutable copy',
  run: (): Row[] => {
    const applied = assertVariantsAgree();
    const stepRows = compare({
      group: `steps: preset default, algorithm healing, ${stepScript.length}-event script (${applied} apply)`,
      unit: 'steps/s',
      opsPerSample: stepScript.length,
      variants: variants(foldScript),
      ...rounds,
    });
    const runRows = runWorkloads.flatMap((workload) =>
      compare({
        group: `whole fast-check runs: ${workload.count} runs, seed ${runSeed}, ${workload.label} (mean ${eventsPerRun(workload).toFixed(0)} events), census + optimalOnline after every step`,
        unit: 'runs/s',
        opsPerSample: workload.count,
        variants: variants((stepper) => wholeRuns(workload, stepper)),
        ...rounds,
      }),
    );
    return [...stepRows, ...runRows];
  },
};
