import { deserialize, serialize } from 'node:v8';
import { algorithmNamed, builtIns, healing } from '../algorithms/index.ts';
import { check } from '../checker/check.ts';
import type { CheckResult } from '../checker/result.ts';
import {
  type ExploreResult,
  exploreSupernodes,
  type SearchStats,
  statesWithin,
  supernodeModel,
  toCounterexample,
} from '../explorer/index.ts';
import { type Config, describeEvent, type Event, type EventKind, type Preset, presets, type System } from '../model/index.ts';
import type { Property } from '../properties/property.ts';
import { properties, selectProperties } from '../properties/registry.ts';
import { median, type Section, type Table } from './measure.ts';

/**
 * What the exhaustive explorer costs and what it buys: how many states a second it finds and what
 * a state costs to remember, with and without the quiet suffix that checks the healing properties;
 * what checking the quiet suffixes on two worker threads buys;
 * how deep it gets on `tiny` in a minute; and how the shortest counterexample it finds for each
 * built-in bug compares with the one fast-check shrinks to on the same network. Counts are fixed by
 * the model; only the timings and the depth reached in a minute depend on the machine.
 */

function configNamed(name: string): Config {
  const preset = presets[name];
  if (preset === undefined) throw new Error(`stormcheck bench: the ${name} preset is missing`);
  return preset.config;
}

const tiny = configNamed('tiny');
const small = configNamed('small');
/** B1 and the 2007 reconstruction gate promotion on current uptime; on tiny that shows only with a long criterion (explorer/tiny.test.ts). */
const tinyUptime12: Config = { ...tiny, name: 'tiny-uptime-12', uptimeMin: 12 };

const safety: readonly Property[] = properties.filter((p) => p.kind === 'safety');
const healingCount = properties.length - safety.length;

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

function rate(perSecond: number): string {
  return perSecond >= 100 ? perSecond.toFixed(0) : perSecond.toPrecision(3);
}

// 1. Throughput: states a second and bytes a state, with and without the quiet suffix.

interface Throughput {
  readonly config: Config;
  readonly depthMax: number;
  readonly label: string;
  readonly properties: readonly Property[];
  /** Threads for the quiet suffixes; 1 (this thread) unless told. */
  readonly workers?: number;
}

/** Safety first on each network: it is the baseline the quiet suffix's cost is a ratio to. */
const throughputs: readonly Throughput[] = [
  { config: tiny, depthMax: 5, label: `safety only (${safety.length})`, properties: safety },
  { config: tiny, depthMax: 5, label: `all (${properties.length})`, properties },
  { config: small, depthMax: 2, label: `safety only (${safety.length})`, properties: safety },
  { config: small, depthMax: 2, label: `all (${properties.length})`, properties },
];
const throughputRounds = 3;

function exploreHealing(t: Throughput): ExploreResult<Event> {
  const result = exploreSupernodes(
    { config: t.config, algorithm: healing },
    { properties: t.properties, depthMax: t.depthMax, ...(t.workers === undefined ? {} : { workers: t.workers }) },
  );
  if (result.status !== 'limitReached' || result.limit !== 'depth' || result.depth !== t.depthMax) {
    throw new Error(
      `stormcheck bench: healing on ${t.config.name}, ${t.label}, depth ${t.depthMax} ended ${result.status}, not at the depth limit`,
    );
  }
  return result;
}

/**
 * Rounds interleaved as in `measure.ts` (forwards, then backwards), so that drift on a shared
 * machine is not charged to one workload. The state space does not depend on the properties while
 * none breaks, so both rows of a network must count the same states in every round.
 */
function measureThroughput(): ExploreResult<Event>[][] {
  exploreHealing({ config: tiny, depthMax: 3, label: 'warm-up', properties });
  const results = throughputs.map(() => [] as ExploreResult<Event>[]);
  for (let round = 0; round < throughputRounds; round++) {
    const order = throughputs.map((_, k) => (round % 2 === 0 ? k : throughputs.length - 1 - k));
    for (const k of order) (results[k] as ExploreResult<Event>[]).push(exploreHealing(throughputs[k] as Throughput));
  }
  const counts = new Map<string, number>();
  results.forEach((runs, k) => {
    const name = (throughputs[k] as Throughput).config.name;
    for (const r of runs) {
      if ((counts.get(name) ?? r.distinctStates) !== r.distinctStates)
        throw new Error(`stormcheck bench: ${name} counted different states`);
      counts.set(name, r.distinctStates);
    }
  });
  return results;
}

function throughputTable(): Table {
  const results = measureThroughput();
  const medianMs = results.map((runs) => median(runs.map((r) => r.elapsedMs)));
  const cells = throughputs.map((t, k) => {
    const runs = results[k] as ExploreResult<Event>[];
    const first = runs[0] as ExploreResult<Event>;
    const baseline = throughputs.findIndex((b) => b.config === t.config && b.properties === safety);
    return [
      t.config.name,
      String(t.depthMax),
      t.label,
      String(first.distinctStates),
      String(first.transitions),
      (medianMs[k] as number).toFixed(0),
      rate(median(runs.map((r) => r.statesPerSecond))),
      first.bytesPerState.toFixed(1),
      `${((medianMs[k] as number) / (medianMs[baseline] as number)).toFixed(2)}×`,
    ];
  });
  return {
    title: `exploreSupernodes on healing, whole alphabet, depth-bounded; median of ${throughputRounds} interleaved runs`,
    columns: ['preset', 'depth', 'properties', 'states', 'transitions', 'ms', 'states/s', 'bytes/state', 'time vs safety'],
    cells,
    notes: [
      `properties: 'safety only' is every property of kind safety (shedding-keeps-goodput among them); it selects no healing property, so supernodeModel adds no continuation and the quiet suffix is skipped altogether; 'all' adds the ${healingCount} healing properties and runs every distinct state's quiet suffix (quiet, then quietTicksFor ticks, cut short once a tick changes only the clock)`,
      'time vs safety: median wall time over that of safety only on the same preset and depth, i.e. what the quiet suffix costs; the states explored are the same',
      'bytes/state: (visited set + parent pointers) / states, deterministic; the visited set starts at 4,096 slots (32 KiB), which dominates small searches such as small at depth 2',
      'small at depth 3 (4,584 states) takes about 10 s a run with every property, too long for three runs in this section',
    ],
  };
}

// 2. Workers: the quiet suffixes of each level on worker threads (explorer/parallelSuffix.ts).

const workerCounts: readonly number[] = [1, 2];
const workersDepthMax = 5;
const workersRounds = 3;

function exploreWithWorkers(workers: number, depthMax: number): ExploreResult<Event> {
  return exploreHealing({ config: tiny, depthMax, label: `all, ${workers} workers`, properties, workers });
}

/** What `postMessage` does to a level's states, timed on every state within the depth: V8's serializer, then its deserializer. */
function transferMs(): { serializeMs: number; deserializeMs: number; states: number; bytes: number } {
  const states = statesWithin(supernodeModel({ config: tiny, algorithm: healing }, { properties: [] }), workersDepthMax);
  const rounds = Array.from({ length: workersRounds }, () => {
    const start = performance.now();
    const bytes = serialize(states);
    const serialized = performance.now();
    deserialize(bytes);
    return { serializeMs: serialized - start, deserializeMs: performance.now() - serialized, bytes: bytes.length };
  });
  return {
    serializeMs: median(rounds.map((r) => r.serializeMs)),
    deserializeMs: median(rounds.map((r) => r.deserializeMs)),
    states: states.length,
    bytes: (rounds[0] as { bytes: number }).bytes,
  };
}

function workersTable(): Table {
  for (const workers of workerCounts) exploreWithWorkers(workers, 3);
  const runs = workerCounts.map(() => [] as ExploreResult<Event>[]);
  for (let round = 0; round < workersRounds; round++) {
    const order = workerCounts.map((_, k) => (round % 2 === 0 ? k : workerCounts.length - 1 - k));
    for (const k of order) (runs[k] as ExploreResult<Event>[]).push(exploreWithWorkers(workerCounts[k] as number, workersDepthMax));
  }
  const [baseline] = runs as [ExploreResult<Event>[]];
  for (const r of runs.flat()) {
    const first = baseline[0] as ExploreResult<Event>;
    if (r.distinctStates !== first.distinctStates || r.transitions !== first.transitions)
      throw new Error('stormcheck bench: the workers found other states than this thread alone');
  }
  const rates = runs.map((rs) => median(rs.map((r) => r.statesPerSecond)));
  const paired = runs.map((rs) =>
    median(rs.map((r, round) => r.statesPerSecond / (baseline[round] as ExploreResult<Event>).statesPerSecond)),
  );
  const transfer = transferMs();
  const ms = runs.map((rs) => median(rs.map((r) => r.elapsedMs)));
  return {
    title: `quiet suffixes on worker threads: healing on tiny, whole alphabet, all ${properties.length} properties, depth ${workersDepthMax}; median of ${workersRounds} interleaved runs`,
    columns: ['workers', 'states', 'ms', 'states/s', 'ratio', 'paired'],
    cells: workerCounts.map((workers, k) => [
      workers === 1 ? '1 (this thread)' : String(workers),
      String((baseline[0] as ExploreResult<Event>).distinctStates),
      (ms[k] as number).toFixed(0),
      rate(rates[k] as number),
      `${((rates[k] as number) / (rates[0] as number)).toFixed(2)}×`,
      `${(paired[k] as number).toFixed(2)}×`,
    ]),
    notes: [
      "workers: threads that check the quiet suffixes of each level's new states, one contiguous chunk each, while this thread expands the level and waits; the states, transitions and verdict are the same (checked here, pinned in explorer/parallelSuffix.test.ts)",
      'ratio: median states/s over that of 1 worker; paired: median of the per-round ratios. Each search with workers starts its threads, and the first level waits for them (tsx, then the model: a few hundred ms of the time)',
      `transfer: postMessage structured-clones the states; V8's serializer takes ${transfer.serializeMs.toFixed(0)} ms for the ${transfer.states} states within depth ${workersDepthMax} (${(transfer.bytes / transfer.states).toFixed(0)} bytes each), in this thread, and its deserializer ${transfer.deserializeMs.toFixed(0)} ms, spread over the workers: ${((100 * transfer.serializeMs) / (ms[1] as number)).toFixed(1)}% and ${((100 * transfer.deserializeMs) / (ms[1] as number)).toFixed(1)}% of the 2-worker time`,
    ],
  };
}

// 3. Depth: the deepest level of tiny fully explored within a minute.

const depthTimeMaxMs = 60_000;

interface Alphabet {
  readonly label: string;
  readonly eventKinds?: readonly EventKind[];
}

const alphabets: readonly Alphabet[] = [
  { label: 'whole alphabet' },
  { label: 'tick reboot login logout', eventKinds: ['tick', 'reboot', 'login', 'logout'] },
];

/**
 * One search with a large depth limit and a minute of time, noting each level as it completes: a
 * breadth-first search with `depthMax` d does exactly the first d levels of a deeper one, so the
 * level that completes last within the minute is the largest `depthMax` whose own run would have
 * finished within it, without running depth 1, 2, 3, … one after the other.
 */
function deepest(alphabet: Alphabet): { levels: SearchStats[]; result: ExploreResult<Event> } {
  const levels: SearchStats[] = [];
  const result = exploreSupernodes(
    { config: tiny, algorithm: healing },
    {
      depthMax: 1_000,
      timeMaxMs: depthTimeMaxMs,
      ...(alphabet.eventKinds === undefined ? {} : { eventKinds: alphabet.eventKinds }),
      onLevel: (stats) => levels.push(stats),
    },
  );
  if (result.status === 'violated') throw new Error(`stormcheck bench: healing broke ${result.property} on tiny`);
  return { levels, result };
}

function depthTable(): Table {
  const cells = alphabets.map((alphabet) => {
    const { levels, result } = deepest(alphabet);
    const last = levels[levels.length - 1];
    const previous = levels[levels.length - 2];
    if (last === undefined) return [alphabet.label, '-', '-', '-', '-', '-', '-', String(result.distinctStates)];
    const ended = result.status === 'limitReached' ? `limit ${result.limit}` : result.status;
    return [
      alphabet.label,
      String(last.depth),
      String(last.distinctStates),
      String(last.transitions),
      seconds(last.elapsedMs),
      previous === undefined ? '-' : `${(last.distinctStates / previous.distinctStates).toFixed(1)}×`,
      ended,
      String(result.distinctStates),
    ];
  });
  return {
    title: `deepest level fully explored within ${depthTimeMaxMs / 1000} s: healing on tiny, every property and quiet suffix (one run each)`,
    columns: ['alphabet', 'depth', 'states', 'transitions', 's to finish', 'growth', 'ended', 'states at stop'],
    cells,
    notes: [
      `one search per alphabet with timeMaxMs ${depthTimeMaxMs}, its levels noted as they complete (onLevel): the same work as depthMax 1, 2, 3, … run one by one, up to the first that would take longer`,
      'states, transitions: at that depth, deterministic; the depth reached and the seconds depend on the machine',
      'growth: states at that depth over states one level up; states at stop: the states found when the time limit cut the next level short',
      `each search is capped at ${depthTimeMaxMs / 1000} s, so this table alone takes about ${(2 * depthTimeMaxMs) / 1000} s`,
    ],
  };
}

// 4. Counterexamples: the explorer's shortest against fast-check's shrunk length.

/** Where the explorer reaches a bug within the budget: the network and the alphabet of explorer/tiny.test.ts. */
interface Reach {
  readonly config: Config;
  readonly eventKinds?: readonly EventKind[];
}

const spikes: readonly EventKind[] = ['tick', 'usageSpike'];
const reaches: Readonly<Record<string, Reach>> = {
  'skype-2007': { config: tinyUptime12 },
  'skype-2010': { config: tiny, eventKinds: spikes },
  'b1-uptime-gated': { config: tinyUptime12 },
  'b3-shutdown-cascade': { config: tiny, eventKinds: spikes },
};
const bugDepthMax = 16;
const bugTimeMaxMs = 20_000;
const checkRuns = 1000;
const checkSeed = 1;

type Violated = Extract<CheckResult, { status: 'violated' }>;

interface BugOutcome {
  readonly algorithm: string;
  readonly property: string;
  readonly reach: Reach;
  readonly explored: ExploreResult<Event>;
  /** Events of the explorer's counterexample (trace and quiet continuation); null when not reached. */
  readonly shortest: number | null;
  readonly checked: CheckResult;
}

function compareBug(algorithmName: string, property: string): BugOutcome {
  const algorithm = algorithmNamed(algorithmName);
  if (algorithm === undefined) throw new Error(`stormcheck bench: no built-in ${algorithmName}`);
  const reach = reaches[algorithmName] ?? { config: tiny };
  const system: System = { config: reach.config, algorithm };
  const selected = selectProperties([property]);
  const explored = exploreSupernodes(system, {
    properties: selected,
    depthMax: bugDepthMax,
    timeMaxMs: bugTimeMaxMs,
    ...(reach.eventKinds === undefined ? {} : { eventKinds: reach.eventKinds }),
  });
  // toCounterexample replays the trace with `step` and fails loudly if it does not break the property.
  const shortest =
    explored.status === 'violated' && explored.property === property ? toCounterexample(system, explored).events.length : null;
  const preset: Preset = { config: reach.config, description: `${reach.config.name} as it is`, scenario: [] };
  const checked = check({ algorithm, preset, properties: selected, runs: checkRuns, seed: checkSeed, network: 'preset' });
  return { algorithm: algorithmName, property, reach, explored, shortest, checked };
}

function isViolated(r: CheckResult): r is Violated {
  return r.status === 'violated';
}

function bugRow(o: BugOutcome): string[] {
  const found = isViolated(o.checked) ? o.checked : null;
  return [
    o.algorithm,
    o.property,
    o.reach.config.name,
    o.reach.eventKinds === undefined ? 'whole' : o.reach.eventKinds.join('+'),
    String(o.explored.distinctStates),
    o.shortest === null ? 'not reached' : String(o.shortest),
    found === null ? 'not found' : String(found.shrink.fastCheckLength),
    found === null ? 'not found' : String(found.shrink.finalLength),
    o.shortest === null || found === null ? '-' : (found.shrink.finalLength / o.shortest).toFixed(2),
  ];
}

/** The shrunk traces that beat the explorer's shortest: only a larger alphabet can do that. */
function shorterNotes(outcomes: readonly BugOutcome[]): string[] {
  return outcomes.flatMap((o) =>
    isViolated(o.checked) && o.shortest !== null && o.checked.shrink.finalLength < o.shortest
      ? [`  ${o.algorithm}: ${o.checked.counterexample.events.map(describeEvent).join(' ')}`]
      : [],
  );
}

function bugTable(): Table {
  const outcomes = builtIns.flatMap((b) => (b.expectedViolation === null ? [] : [compareBug(b.algorithm.name, b.expectedViolation)]));
  const shorter = shorterNotes(outcomes);
  return {
    title: `shortest counterexample (explorer) vs fast-check's shrunk one: check() with network 'preset', ${checkRuns} runs, seed ${checkSeed}, the expected property alone`,
    columns: ['algorithm', 'property', 'network', 'explorer alphabet', 'states', 'shortest', 'fast-check', 'final', 'final/shortest'],
    cells: outcomes.map(bugRow),
    notes: [
      `shortest: events in toCounterexample (the breadth-first trace and the quiet continuation up to the break), depthMax ${bugDepthMax}, timeMaxMs ${bugTimeMaxMs}; states: distinct states searched`,
      "fast-check, final: events in the trace after fast-check's shrinker and after shrinkHarder (shrink.finalLength), counting the quiet event and quiet ticks up to the failure, as shortest does",
      `network: tiny as it is, or tiny-uptime-12 (uptimeMin 12), where the uptime gate of B1 and 2007 shows; on tiny (uptimeMin 2, below the 9-tick supply bound) neither search finds them`,
      "not apples to apples: the explorer's alphabet has usageSpike at 200% and 100% only, single reboots and single crashes, and no patch storm;",
      "  fast-check draws spikes of 100-400%, patch storms (several reboots in one event) and crashes of up to 4 supernodes, so it can be shorter than 'shortest'",
      'tick+usageSpike rows use the alphabet of explorer/tiny.test.ts: over the whole alphabet both bugs need 8 events (201,719 states for skype-2010, 355,114 for b3,',
      '  explorer/long/tiny.long.test.ts), about 20 s and more each, over this budget; for skype-2010 that is shorter than the 12 shown',
      ...(shorter.length === 0 ? [] : ["fast-check's final traces shorter than the explorer's:", ...shorter]),
    ],
  };
}

export const explorer: Section = {
  name: 'explorer: states/s and bytes/state, workers 1 vs 2, depth in 60 s, shortest vs shrunk counterexamples',
  run: (): Table[] => [throughputTable(), workersTable(), depthTable(), bugTable()],
};
