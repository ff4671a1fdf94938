import { explore } from '../explorer/explore.ts';
import { fingerprintOf } from '../explorer/fingerprint.ts';
import { FingerprintSet } from '../explorer/fingerprintSet.ts';
import { grid } from '../explorer/grid.ts';
import { median, type Section, type Table } from './measure.ts';

/**
 * How many states the explorer can hold and how fast its own machinery goes, apart from any model:
 * the real `explore()` to completion on a grid walk (explorer/grid.ts) whose states cost almost
 * nothing, up to 10,240 × 10,240 = 104,857,600 states (issue #6: more than 10^8 states within this
 * machine's memory, at most 16 bytes a visited state); and the visited set alone, to say what its
 * load of 0.9 and growth by a fifth cost. The state counts and bytes are fixed by the sizes; the
 * seconds and the resident memory depend on the machine.
 */

const mebibyte = 2 ** 20;

function mib(bytes: number): string {
  return (bytes / mebibyte).toFixed(0);
}

function rate(perSecond: number): string {
  return perSecond >= 100 ? perSecond.toFixed(0) : perSecond.toPrecision(3);
}

function thousands(n: number): string {
  return n.toLocaleString('en-US');
}

// 1. explore() on the grid walk, to completion.

/** Smaller first: the process's peak resident memory only grows, so each row's peak is its own. */
const sides: readonly number[] = [1_000, 3_000, 10_240];

function exploreGrid(side: number): string[] {
  const states = side * side;
  const result = explore(grid(side, side), {
    depthMax: 2 * side,
    statesMax: states,
    // The most the visited set can need for these states: 8 / 0.9 bytes each, times the growth of 1.2.
    visitedBytesMax: Math.ceil((states * 8 * 1.2) / 0.9) + 2 ** 20,
    timeMaxMs: 60 * 60 * 1000,
  });
  const expected = { status: 'passed', distinctStates: states, transitions: 2 * states - 2 * side, depth: 2 * side - 2 };
  const got = { status: result.status, distinctStates: result.distinctStates, transitions: result.transitions, depth: result.depth };
  if (JSON.stringify(got) !== JSON.stringify(expected)) {
    throw new Error(`stormcheck bench: the ${side} × ${side} grid gave ${JSON.stringify(got)}, not ${JSON.stringify(expected)}`);
  }
  const seconds = result.elapsedMs / 1000;
  const { heapUsed } = process.memoryUsage();
  return [
    `${thousands(side)} × ${thousands(side)}`,
    thousands(result.distinctStates),
    thousands(result.transitions),
    thousands(result.depth + 1),
    seconds.toFixed(1),
    rate(result.statesPerSecond),
    rate(result.transitions / seconds),
    result.bytesPerState.toFixed(2),
    mib(result.visitedBytes),
    mib(result.traceBytes),
    mib(heapUsed),
    mib(process.resourceUsage().maxRSS * 1024),
  ];
}

function exploreTable(): Table {
  return {
    title: 'explore() to completion on a side × side grid walk (explorer/grid.ts): the search machinery alone, one run each',
    columns: [
      'grid',
      'states',
      'transitions',
      'levels',
      's',
      'states/s',
      'transitions/s',
      'bytes/state',
      'visited MiB',
      'traces MiB',
      'heap MiB',
      'peak RSS MiB',
    ],
    cells: sides.map(exploreGrid),
    notes: [
      "states, transitions, levels: asserted equal to side², 2·side² − 2·side and 2·side − 1, with status 'passed'; bytes/state: (visited set + parent pointers) / states, fixed by the size",
      'states/s: an upper bound for any model on this machine: each state costs its key, a fingerprint, two visited-set lookups and a parent pointer, and the model almost nothing',
      'heap MiB: V8 heap in use after the run (JS objects; the tables are typed arrays outside it); peak RSS: process.resourceUsage().maxRSS, the whole process so far (tsx and node included), so each row includes the runs above it',
      "the peak comes during the visited set's last growth, which holds the old table and the new one 1.2 times its size at once, beside the parent pointers",
      'the frontier is an anti-diagonal, at most side states, so these runs do not measure what a wide level costs',
    ],
  };
}

// 2. The visited set alone.

/** Fingerprints of distinct two-word keys, as the explorer computes them, in typed arrays so that the rounds share them. */
function fingerprints(count: number): { hi: Uint32Array; lo: Uint32Array } {
  const hi = new Uint32Array(count);
  const lo = new Uint32Array(count);
  for (let k = 0; k < count; k++) {
    const f = fingerprintOf([k % 10_240, Math.floor(k / 10_240)]);
    hi[k] = f.hi;
    lo[k] = f.lo;
  }
  return { hi, lo };
}

const tableSizes: readonly number[] = [1_000_000, 10_000_000];
const tableRounds = 5;

/** Processor time, in ms: on a shared machine it leaves out the time this process waited for a core. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

interface TableRound {
  /** Processor ns per `add` of a new fingerprint, growth included; the same into a table sized in advance; per `add` of one present. */
  readonly added: number;
  readonly presized: number;
  readonly present: number;
}

function tableRound(f: { hi: Uint32Array; lo: Uint32Array }): TableRound {
  const count = f.hi.length;
  const timeAdds = (set: FingerprintSet, expected: string): number => {
    const start = cpuMs();
    for (let k = 0; k < count; k++) {
      if (set.add({ hi: f.hi[k] as number, lo: f.lo[k] as number }) !== expected)
        throw new Error('stormcheck bench: a fingerprint went astray');
    }
    return ((cpuMs() - start) * 1e6) / count;
  };
  const grown = new FingerprintSet({ bytesMax: 2 ** 33 });
  const added = timeAdds(grown, 'added');
  const present = timeAdds(grown, 'present');
  const presized = timeAdds(new FingerprintSet({ bytesMax: 2 ** 33, slotsInitial: Math.ceil(count / 0.9) + 1 }), 'added');
  return { added, presized, present };
}

function visitedSetTable(): Table {
  const cells = tableSizes.map((count) => {
    const f = fingerprints(count);
    const rounds = Array.from({ length: tableRounds }, () => tableRound(f));
    const set = new FingerprintSet({ bytesMax: 2 ** 33 });
    for (let k = 0; k < count; k++) set.add({ hi: f.hi[k] as number, lo: f.lo[k] as number });
    const added = median(rounds.map((r) => r.added));
    const presized = median(rounds.map((r) => r.presized));
    return [
      thousands(count),
      (set.bytes / count).toFixed(2),
      added.toFixed(0),
      presized.toFixed(0),
      (added - presized).toFixed(0),
      median(rounds.map((r) => r.present)).toFixed(0),
    ];
  });
  return {
    title: `FingerprintSet alone (load 0.9, growth by a fifth): processor ns per add, median of ${tableRounds} rounds`,
    columns: ['fingerprints', 'bytes each', 'new', 'new, presized', 'growth', 'present'],
    cells,
    notes: [
      'new: add of a fingerprint not yet there, from 64 slots, growth included; new, presized: into a table made big enough at the start; growth: the difference, what rehashing costs each fingerprint',
      'present: add of a fingerprint already there, as for most transitions of a search',
      'each add is mostly one cache miss into a table of tens of MiB; the supernode model spends tens of microseconds a state, so none of this shows in its searches',
    ],
  };
}

export const capacity: Section = {
  name: 'capacity: the search machinery to 10^8 states on a grid walk, and the visited set alone',
  // The searches first: the peak resident memory of the process only grows, and the largest search should set it.
  run: (): Table[] => [exploreTable(), visitedSetTable()],
};
