import { healing } from '../algorithms/index.ts';
import { type Event, initialState, presets, type State, step } from '../model/index.ts';
import { compare, type Row, type Section, type Table } from './measure.ts';
import { previousVersion } from './previousVersion.ts';

/**
 * What the chain-reaction model's load accounting costs per step: the same events on the same
 * network, stepped by this model and by the model before it (the commit below, whose model/ and
 * algorithms/ are taken from git into node_modules/.cache and imported beside this one), in the
 * same process and the same interleaved rounds. The old model keeps no per-supernode signalling
 * and counts users online without asking who is served; the events are the same, so the ratio is
 * the price of the new physics on an identical workload.
 */
export const previousModel = 'a77f026';

interface ModelModule {
  initialState(config: unknown, algorithm: unknown): unknown;
  step(system: unknown, state: unknown, event: Event): unknown;
  presets: Record<string, { config: unknown }>;
}

/** The previous model's modules, or why they cannot be had. */
async function loadPrevious(): Promise<{ model: ModelModule; healing: unknown } | string> {
  const version = previousVersion(previousModel, ['model', 'algorithms']);
  if (typeof version === 'string') return version;
  const algorithms = await version.load<{ healing: unknown }>('algorithms/index.ts');
  return { model: await version.load<ModelModule>('model/index.ts'), healing: algorithms.healing };
}

const previous = await loadPrevious();

/** A storm, a crash, logins and logouts and a spike, then quiet: every transition the accounting touches. */
function workload(): Event[] {
  const ticks = (n: number): Event[] => Array.from({ length: n }, () => ({ kind: 'tick' }) as const);
  return [
    ...ticks(40),
    { kind: 'patchStorm', percent: 30, windowTicks: 8, biasSupernodes: false, offset: 0 },
    ...ticks(8),
    { kind: 'crash', supernodes: [0, 2] },
    { kind: 'usageSpike', percent: 200 },
    { kind: 'logout', user: 3 },
    ...ticks(4),
    { kind: 'login', user: 3 },
    { kind: 'quiet' },
    ...ticks(60),
  ];
}

function run(stepper: (state: unknown, event: Event) => unknown, start: unknown, events: readonly Event[]): void {
  let state = start;
  for (const event of events) state = stepper(state, event);
}

export const loadAccounting: Section = {
  name: 'load accounting',
  run: (): (Row | Table)[] => {
    const events = workload();
    const config = presets.default?.config;
    if (config === undefined) throw new Error('the default preset is missing');
    const system = { config, algorithm: healing };
    const now: State = initialState(config, healing);
    if (typeof previous === 'string') {
      return [{ title: 'load accounting per step: not measured', columns: ['why'], cells: [[previous]], notes: [] }];
    }
    const oldConfig = previous.model.presets.default?.config;
    const oldSystem = { config: oldConfig, algorithm: previous.healing };
    const then = previous.model.initialState(oldConfig, previous.healing);
    return compare({
      group: `one model step under immer on default/healing, from the cold start, the same ${events.length} events (storm, crash, spike, logins, quiet)`,
      unit: 'steps/s',
      opsPerSample: events.length,
      warmupRounds: 10,
      timedRounds: 41,
      variants: [
        { name: `previous model (${previousModel})`, sample: () => run((s, e) => previous.model.step(oldSystem, s, e), then, events) },
        { name: 'load accounting (this model)', sample: () => run((s, e) => step(system, s as State, e), now, events) },
      ],
    });
  },
};
