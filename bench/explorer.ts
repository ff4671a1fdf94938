import { serialize } from 'node:v8';
import { algorithmNamed, builtIns, healing } from '../algorithms/index.ts';
import { check } from '../checker/check.ts';
import type { CheckResult } from '../checker/result.ts';
import {
  type Confirmation,
  confirmShortest,
  type ExploreResult,
  exploreSupernodes,
  type SearchStats,
  statesWithin,
  supernodeModel,
  toCounterexample,
} from '../explorer/index.ts';
import { WordWriter } from '../explorer/words.ts';
import { type Config, describeEvent, type Event, type EventKind, type Preset, presets, type System } from '../model/index.ts';
import type { Property } from '../properties/property.ts';
import { properties, selectProperties } from '../properties/registry.ts';
import { median, type Section, type Table } from './measure.ts';

/**
 * What the exhaustive explorer costs and what it buys: how many states a second it finds and what
 * a state costs to remember, with and without the quiet suffix that checks the healing properties;
 * what expanding each level and checking its quiet suffixes on two worker threads buys; how deep it gets on `tiny` in a minute; and how the shortest counterexample it finds for each
 * built-in bug compares with the one fast-check shrinks to on the same network, and whether a search
 * over an alphabet that contains fast-check's trace finds a shorter one. Counts are fixed by the
 * model; only the timings and the depth reached in a minute depend on the machine.
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
 * machine is not charged to one workload.
 */
function measureThroughput(): ExploreResult<Event>[][] {
  exploreHealing({ config: tiny, depthMax: 3, label: 'warm-up', properties });
  const results = throughputs.map(() => [] as ExploreResult<Event>[]);
  for (let round = 0; round < throughputRounds; round++) {
    const order = throughputs.map((_, k) => (round % 2 === 0 ? k : throughputs.length - 1 - k));
    for (const k of order) (results[k] as ExploreResult<Event>[]).push(exploreHealing(throughputs[k] as Throughput));
  }
  // Every round of a row counts the same states. Rows of one network may not: the key holds the
  // history fields the selected properties read (stateCodec.ts), so more properties can tell more states apart.
  results.forEach((runs, k) => {
    const { config, label } = throughputs[k] as Throughput;
    if (runs.some((r) => r.distinctStates !== runs[0]?.distinctStates))
      throw new Error(`stormcheck bench: ${config.name}, ${label}, counted different states in different rounds`);
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
      'time vs safety: median wall time over that of safety only on the same preset and depth, i.e. what the quiet suffix costs; the states explored are the same but for the history fields only a healing property reads, which the key then keeps',
      'bytes/state: (visited set + parent pointers) / states, deterministic; both start small (64 slots, 64 parent pointers) and grow by at most a fifth at a time, so from a thousand states on a state costs 14 to 16 bytes (bench/capacity.ts goes to 10^8)',
      "small has no row with every property: since every random choice is a branch, one state's quiet phase there branches through every choice of every tick, and the settled state's alone took more than 120 s (30 states at depth 0)",
    ],
  };
}

// 2. Workers: each level's quiet suffixes checked on worker threads (explorer/searchWorkers.ts).

interface WorkersRow {
  readonly label: string;
  readonly properties: readonly Property[];
  readonly depthMax: number;
  readonly rounds: number;
}

/** A search of a few seconds each way, where starting the threads shows, and one of twenty to thirty seconds, where it does not. */
const workersRows: readonly WorkersRow[] = [
  { label: `all (${properties.length})`, properties, depthMax: 5, rounds: 3 },
  { label: `all (${properties.length})`, properties, depthMax: 7, rounds: 1 },
];
const workerCounts: readonly number[] = [1, 2];

function exploreWithWorkers(row: WorkersRow, workers: number): ExploreResult<Event> {
  return exploreHealing({
    config: tiny,
    depthMax: row.depthMax,
    label: `${row.label}, ${workers} workers`,
    properties: row.properties,
    workers,
  });
}

/** The bytes a level of tiny crosses to a worker as: its packed words, 4 bytes each, against V8's serialisation of the same states. */
function packedBytes(): { packed: number; serialized: number } {
  const model = supernodeModel({ config: tiny, algorithm: healing }, { properties: [] });
  const states = statesWithin(model, 4);
  const codec = model.codec;
  if (codec === undefined) throw new Error('stormcheck bench: the supernode model has no codec');
  const words = new WordWriter();
  let packed = 0;
  for (const state of states) {
    codec.encode(state, words);
    packed += 4 * words.length;
  }
  return { packed: packed / states.length, serialized: serialize(states).length / states.length };
}

function workersTable(): Table {
  const cells = workersRows.flatMap((row) => {
    for (const workers of workerCounts) exploreWithWorkers({ ...row, depthMax: 3 }, workers);
    const runs = workerCounts.map(() => [] as ExploreResult<Event>[]);
    for (let round = 0; round < row.rounds; round++) {
      const order = workerCounts.map((_, k) => (round % 2 === 0 ? k : workerCounts.length - 1 - k));
      for (const k of order) (runs[k] as ExploreResult<Event>[]).push(exploreWithWorkers(row, workerCounts[k] as number));
    }
    const [baseline] = runs as [ExploreResult<Event>[]];
    const first = baseline[0] as ExploreResult<Event>;
    for (const r of runs.flat()) {
      if (r.distinctStates !== first.distinctStates || r.transitions !== first.transitions)
        throw new Error('stormcheck bench: the workers found other states than this thread alone');
    }
    const rates = runs.map((rs) => median(rs.map((r) => r.statesPerSecond)));
    const paired = runs.map((rs) =>
      median(rs.map((r, round) => r.statesPerSecond / (baseline[round] as ExploreResult<Event>).statesPerSecond)),
    );
    return workerCounts.map((workers, k) => [
      row.label,
      String(row.depthMax),
      String(row.rounds),
      workers === 1 ? '1 (this thread)' : String(workers),
      String(first.distinctStates),
      median((runs[k] as ExploreResult<Event>[]).map((r) => r.elapsedMs)).toFixed(0),
      rate(rates[k] as number),
      `${((rates[k] as number) / (rates[0] as number)).toFixed(2)}×`,
      `${(paired[k] as number).toFixed(2)}×`,
    ]);
  });
  const bytes = packedBytes();
  return {
    title: 'quiet suffixes on worker threads: healing on tiny, whole alphabet; median of the rounds, interleaved',
    columns: ['properties', 'depth', 'rounds', 'workers', 'states', 'ms', 'states/s', 'ratio', 'paired'],
    cells,
    notes: [
      'workers: threads that check the quiet suffixes of a contiguous run of each level, while this thread waits; the states, transitions and verdict are the same (checked here, pinned in explorer/searchWorkers.test.ts)',
      'the transitions are made in this thread: made on the workers too, they gave 0.56× with the safety properties to depth 6 and no measurable gain with every property (2026-12-03), 1.08× to depth 8 in an earlier run, so a search with no quiet suffix starts no workers',
      'ratio: median states/s over that of 1 worker; paired: median of the per-round ratios. Each search with workers starts its threads, and the first level waits for them (tsx, then the model: a second or more on this machine), so small searches get slower',
      "the workers allocate as fast as the search thread does, and V8's garbage collector, which has the second core to itself in a search on one thread, then competes with them",
      `transfer: a level crosses as its packed words, ${bytes.packed.toFixed(0)} bytes a state on tiny, copied as bytes; V8's serialisation of the same states as objects takes ${bytes.serialized.toFixed(0)}`,
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

// 4. Counterexamples: the explorer's shortest against fast-check's shrunk length, and the
// confirmation search (explorer/confirmShortest.ts) over an alphabet that contains fast-check's trace.

/** Where the explorer reaches a bug within the budget: the network and the alphabet of explorer/tiny.test.ts. */
interface Reach {
  readonly config: Config;
  readonly eventKinds?: readonly EventKind[];
}

const reaches: Readonly<Record<string, Reach>> = {
  'skype-2007': { config: tinyUptime12 },
  'b1-uptime-gated': { config: tinyUptime12 },
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
  /** The confirmation search on fast-check's final trace; null when check found nothing. */
  readonly confirmed: Confirmation | null;
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
  const confirmed = isViolated(checked)
    ? confirmShortest({ config: checked.counterexample.config, algorithm }, checked.counterexample, { timeMaxMs: bugTimeMaxMs })
    : null;
  return { algorithm: algorithmName, property, reach, explored, shortest, checked, confirmed };
}

function isViolated(r: CheckResult): r is Violated {
  return r.status === 'violated';
}

/**
 * The fewest disruption events a trace over the confirmation's alphabet needs, as far as the search
 * knows: exact when it confirmed or improved the trace, a lower bound when a limit (or the contract)
 * stopped it first, unknown when it could not judge.
 */
function confirmedShortest(c: Confirmation): { readonly text: string; readonly exact: number | null } {
  switch (c.verdict) {
    case 'shortest':
      return { text: String(c.disruptionEvents), exact: c.disruptionEvents };
    case 'improved':
      return { text: String(c.found.trace.length), exact: c.found.trace.length };
    case 'contractBroken':
      return { text: `≥${c.found.trace.length}`, exact: null };
    case 'unconfirmed':
      return { text: `>${c.verifiedDepth}`, exact: null };
    case 'inconsistent':
    case 'unrepresentable':
      return { text: '?', exact: null };
  }
}

function ratio(final: number, shortest: number | null): string {
  if (shortest === null) return '-';
  if (shortest === 0) return final === 0 ? 'both 0' : '-';
  return (final / shortest).toFixed(2);
}

function bugRow(o: BugOutcome): string[] {
  const found = isViolated(o.checked) ? o.checked : null;
  const c = o.confirmed;
  const best = c === null ? null : confirmedShortest(c);
  return [
    o.algorithm,
    o.property,
    o.reach.config.name,
    o.reach.eventKinds === undefined ? 'whole' : o.reach.eventKinds.join('+'),
    String(o.explored.distinctStates),
    o.shortest === null ? 'not reached' : String(o.shortest),
    found === null ? 'not found' : String(found.shrink.fastCheckLength),
    found === null ? 'not found' : String(found.shrink.finalLength),
    c === null ? '-' : String(c.disruptionEvents),
    c === null ? '-' : c.verdict,
    c === null || c.verdict === 'unrepresentable' ? '-' : String(c.stats.distinctStates),
    best === null ? '-' : best.text,
    c === null || best === null ? '-' : ratio(c.disruptionEvents, best.exact),
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

/** The confirmation's own events and, when it found a shorter trace, that trace. */
function confirmNotes(outcomes: readonly BugOutcome[]): string[] {
  return outcomes.flatMap((o) => {
    const c = o.confirmed;
    if (c === null || c.verdict === 'unrepresentable') return [];
    const own =
      c.ownEvents.length === 0 ? [] : [`  ${o.algorithm}: the trace's own events added: ${c.ownEvents.map(describeEvent).join(' ')}`];
    const found = 'found' in c ? [`  ${o.algorithm}: ${c.verdict}: ${c.counterexample.events.map(describeEvent).join(' ')}`] : [];
    return [...own, ...found];
  });
}

/** Exported so that this table can be run alone: `bugTable()` from a script. */
export function bugTable(): Table {
  const outcomes = builtIns.flatMap((b) => (b.expectedViolation === null ? [] : [compareBug(b.algorithm.name, b.expectedViolation)]));
  const shorter = shorterNotes(outcomes);
  const confirmed = confirmNotes(outcomes);
  return {
    title: `shortest counterexample (explorer) vs fast-check's shrunk one, and the confirmation search on the latter: check() with network 'preset', ${checkRuns} runs, seed ${checkSeed}, the expected property alone`,
    columns: [
      'algorithm',
      'property',
      'network',
      'explorer alphabet',
      'states',
      'shortest',
      'fast-check',
      'final',
      'final d',
      'confirm',
      'confirm states',
      'shortest d',
      'final/shortest d',
    ],
    cells: outcomes.map(bugRow),
    notes: [
      `shortest: events in toCounterexample (the breadth-first trace and the quiet continuation up to the break) over the explorer alphabet shown, depthMax ${bugDepthMax}, timeMaxMs ${bugTimeMaxMs}; states: distinct states searched`,
      "fast-check, final: events in the trace after fast-check's shrinker and after shrinkHarder (shrink.finalLength), counting the quiet event and quiet ticks up to the failure, as shortest does",
      `network: tiny as it is, or tiny-uptime-12 (uptimeMin 12), where the uptime gate of B1 and 2007 shows; on tiny (uptimeMin 2, below the 9-tick supply bound) neither search finds them`,
      "shortest vs final is not apples to apples: the explorer's alphabet has usageSpike at 200% and 100% only, single reboots and single crashes, and no patch storm;",
      "  fast-check draws spikes of 100-400%, patch storms (several reboots in one event) and crashes of up to 4 supernodes, so it can be shorter than 'shortest'",
      ...(shorter.length === 0 ? [] : ["fast-check's final traces shorter than the explorer's:", ...shorter]),
      "the confirm columns are apples to apples: confirmShortest searches the explorer's whole alphabet plus the final trace's own disruption events, so its alphabet contains that trace,",
      `  breadth first up to the trace's own number of disruption events (timeMaxMs ${bugTimeMaxMs}, no state limit); confirm states: distinct states it searched`,
      'final d, shortest d: disruption events, the events before quiet (all of them when the trace breaks before quiet), which is what a breadth-first search minimises; the quiet',
      "  continuation is fixed by the state they leave, and a trace with fewer disruptions may need more quiet ticks, so these are not total lengths. shortest d is exact for 'shortest'",
      "  and 'improved', a bound (>d verified, ≥ where the contract broke first) otherwise; final/shortest d is 1.00 exactly when fast-check's shrinking reached a shortest trace",
      ...(confirmed.length === 0 ? [] : ['the confirmation search:', ...confirmed]),
    ],
  };
}

export const explorer: Section = {
  name: 'explorer: states/s and bytes/state, workers 1 vs 2, depth in 60 s, shortest vs shrunk counterexamples',
  run: (): Table[] => [throughputTable(), workersTable(), depthTable(), bugTable()],
};
