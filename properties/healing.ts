import {
  type Census,
  type Config,
  census,
  childrenOf,
  effectiveCapacity,
  indicesOf,
  isOverloaded,
  isServed,
  loadPercent,
  type NodeIndex,
  type NodeState,
  optimalOnline,
  type State,
} from '../model/index.ts';
import { reconnectionBound, settleBound } from './bounds.ts';
import { type Bound, boundReached, type Observation, type Property, quietTicks, violation } from './property.ts';

/**
 * The self-healing properties of domain.md §4.5, restated as outcomes: each judges what users get
 * (served, recovered, no relapse, as many as the machines allow, load back under capacity), never
 * the mechanism an algorithm uses to get there. The quiet phase begins with the `quiet` event and
 * its clock restarts whenever the quiet is disturbed after all (see `restartQuietClock`); each
 * bound counts ticks of quiet. "Online" means served: a user attached to a supernode too
 * overloaded to serve it this tick is not online (model/queries.ts `servedSlots`).
 */

const fromQuiet: Bound = { formula: '0', ticks: () => 0 };

interface Figures {
  readonly config: Config;
  readonly census: Census;
  readonly optimum: number;
}

/** The figures of the state asked last: the properties ask of one state, `after`, in turn. */
let lastFigures: { readonly state: State; readonly figures: Figures } | null = null;

/**
 * The census and the optimum of a state, each a scan of the network, worked out once for the
 * properties below that read them of the same state after a step. A state a property is given
 * never changes again, and the figures are a function of it, so one kept too long is still right.
 * Only the last is kept: every caller asks of `after`, so the WeakMap used before, which took an
 * entry for every state a search checked, saved nothing (no measured difference in speed).
 */
function figuresOf(config: Config, state: State): Figures {
  if (lastFigures?.state === state && lastFigures.figures.config === config) return lastFigures.figures;
  const figures = { config, census: census(config, state), optimum: optimalOnline(config, state) };
  lastFigures = { state, figures };
  return figures;
}

function censusOf(config: Config, state: State): Census {
  return figuresOf(config, state).census;
}

function optimumOf(config: Config, state: State): number {
  return figuresOf(config, state).optimum;
}

/** Whether the machines left could serve everyone who wants to be online: L1's premise. */
function machinesSuffice(config: Config, state: State): boolean {
  return optimumOf(config, state) >= censusOf(config, state).wanting;
}

function reconnected({ config, after }: Observation): boolean {
  return boundReached(config, after, reconnectionBound);
}

export const boundedReconnection: Property = {
  name: 'bounded-reconnection',
  label: 'L1',
  kind: 'healing',
  family: 'outcome',
  meaning: 'When the machines suffice for everyone, every user who wants to be online is served within the bound.',
  why: '2007: "prevented the self-healing function from working quickly"; Skype was unavailable for about two days.',
  bound: reconnectionBound,
  inForce: (o) => reconnected(o) && machinesSuffice(o.config, o.after),
  check: ({ config, after }) => {
    if (!boundReached(config, after, reconnectionBound) || !machinesSuffice(config, after)) return null;
    const stranded = indicesOf(config, 'user').filter((i) => {
      const node = after.nodes[i] as NodeState;
      return node.wantsOnline && node.role.kind !== 'booting' && !isServed(config, after, i);
    });
    if (stranded.length === 0) return null;
    const { wanting } = censusOf(config, after);
    return violation(
      `${stranded.length} of ${wanting} users not online after ${quietTicks(after)} quiet ticks: ${stranded.join(', ')}`,
      stranded,
    );
  },
};

/** No relapse tolerates dips of up to 2·ε of the optimum, ε = 10%. */
const relapseEpsilonPercent = 10;

function relapseLevels(config: Config, state: State): { recovered: number; floor: number; optimum: number } {
  const optimum = optimumOf(config, state);
  return {
    optimum,
    recovered: Math.ceil((optimum * (100 - relapseEpsilonPercent)) / 100),
    floor: Math.floor((optimum * (100 - 2 * relapseEpsilonPercent)) / 100),
  };
}

export const noRelapse: Property = {
  name: 'no-relapse',
  label: 'L3',
  kind: 'healing',
  family: 'outcome',
  meaning: 'Once 90% of the optimum is online in the quiet phase, it never falls below 80% again.',
  why: '2007 relapse: the count climbed to 6 M on the evening of Aug 17, then dropped to 600,000 at 23:00 GMT.',
  bound: fromQuiet,
  inForce: ({ config, after }) => quietTicks(after) >= 0 && after.onlinePeakSinceQuiet >= relapseLevels(config, after).recovered,
  check: ({ config, after }) => {
    if (quietTicks(after) < 0) return null;
    const { optimum, recovered, floor } = relapseLevels(config, after);
    const { online } = censusOf(config, after);
    if (after.onlinePeakSinceQuiet < recovered || online >= floor) return null;
    return violation(`online fell to ${online} after reaching ${after.onlinePeakSinceQuiet}; the optimum is ${optimum}`);
  },
};

export const retryStormSubsides: Property = {
  name: 'retry-storm-subsides',
  readsHistory: ['loginAttempts'],
  label: 'L4',
  kind: 'healing',
  family: 'outcome',
  meaning:
    'When the machines suffice, the probe, join and log-in load falls back under capacity within the bound: no supernode overloaded, no log-in refused.',
  why: '2007: signalling 3× and contacted peers 10× (Rossi et al.); 2010: supernode traffic 100× normal. Retries must thin out, or they sustain the outage (metastable failure, Bronson et al.).',
  bound: reconnectionBound,
  // Where the machines cannot serve everyone, the users left over keep trying; their probes go
  // unanswered (model/queries.ts `answersProbe`) and cost the users online nothing, which L6 judges.
  inForce: (o) => reconnected(o) && machinesSuffice(o.config, o.after),
  check: ({ config, after }) => {
    if (!boundReached(config, after, reconnectionBound) || !machinesSuffice(config, after)) return null;
    for (let s = 0 as NodeIndex; s < after.nodes.length; s++) {
      if (after.nodes[s]?.role.kind === 'supernode' && isOverloaded(config, after, s)) {
        return violation(
          `supernode ${s} is loaded to ${loadPercent(config, after, s)}% of its capacity, past the ${config.shedHighPercent}% it can take, after ${quietTicks(after)} quiet ticks`,
          [s],
        );
      }
    }
    const attempts = after.lastTick.loginAttempts;
    return attempts <= config.loginRate
      ? null
      : violation(`${attempts} log-in attempts in one tick after ${quietTicks(after)} quiet ticks, above loginRate ${config.loginRate}`);
  },
};

/** Children a supernode dropped in this step: they left it and start afresh (attempt 0). */
function shedBy(before: State, after: State, s: NodeIndex): NodeIndex[] {
  const still = childrenOf(after.nodes[s] as NodeState);
  return childrenOf(before.nodes[s] as NodeState).filter((c) => {
    const child = after.nodes[c] as NodeState;
    return !still.includes(c) && child.role.kind === 'connecting' && child.attempt === 0;
  });
}

export const sheddingKeepsGoodput: Property = {
  name: 'shedding-keeps-goodput',
  readsStep: true,
  label: 'L5',
  kind: 'safety',
  family: 'outcome',
  meaning:
    'A supernode that drops children keeps as many as its capacity at today’s usage serves: shedding never costs users service the capacity left could give.',
  why: 'Google SRE book, "Addressing Cascading Failures": shed the excess, not the goodput.',
  bound: null,
  check: ({ config, before, event, after }) => {
    if (before === null || event?.kind !== 'tick') return null;
    for (let s = 0 as NodeIndex; s < after.nodes.length; s++) {
      const now = after.nodes[s] as NodeState;
      if (before.nodes[s]?.role.kind !== 'supernode' || now.role.kind !== 'supernode') continue;
      const dropped = shedBy(before, after, s);
      const kept = now.role.children.length;
      const slots = effectiveCapacity(config, after, s);
      if (dropped.length > 0 && kept < slots) {
        return violation(`supernode ${s} dropped ${dropped.length} children and kept ${kept}, below its ${slots} slots`, [s, ...dropped]);
      }
    }
    return null;
  },
};

export const matchesOptimal: Property = {
  name: 'matches-optimal',
  label: 'L6',
  kind: 'healing',
  family: 'outcome',
  meaning: 'Within the bound, as many users are online as a centralized allocator would have with the same machines.',
  why: 'The differential check: the network heals not just somewhat but as far as its machines allow.',
  bound: reconnectionBound,
  inForce: reconnected,
  check: ({ config, after }) => {
    if (!boundReached(config, after, reconnectionBound)) return null;
    const optimum = optimumOf(config, after);
    const { online } = censusOf(config, after);
    return online >= optimum
      ? null
      : violation(`${online} users online after ${quietTicks(after)} quiet ticks; a centralized allocator reaches ${optimum}`);
  },
};

export const settles: Property = {
  name: 'settles',
  label: 'L0',
  kind: 'settling',
  family: 'outcome',
  meaning: 'From a cold start, with no disruption, the network settles with as many users online as a centralized allocator would have.',
  why: 'Every run starts from the settled network; an algorithm that cannot even settle fails here, before any storm.',
  bound: settleBound,
  check: ({ config, after, settled }) => {
    if (settled !== true) return null;
    const optimum = optimumOf(config, after);
    const { online } = censusOf(config, after);
    return online >= optimum
      ? null
      : violation(`${online} users online when the settle phase ended at tick ${after.tick}; a centralized allocator reaches ${optimum}`);
  },
};

export const healingProperties: readonly Property[] = [
  settles,
  boundedReconnection,
  noRelapse,
  retryStormSubsides,
  sheddingKeepsGoodput,
  matchesOptimal,
];
