import type { AllocationAlgorithm, Config, Event, EventKind } from '../model/index.ts';
import type { Property } from './property.ts';
import { advance, play, quietPhase } from './run.ts';

/**
 * "Why this time?" Windows updates happen all the time; the record's riddle was why this one broke
 * the network. For a counterexample, stormcheck answers with the kinds of event it needs: for each
 * kind present, it removes every event of that kind and replays the rest as a whole run (the settle
 * phase, the remaining disruptions, then the full quiet phase). A kind is needed when the property
 * then holds. Where the explorer is at hand, a bounded search over the other kinds then says how far
 * that holds beyond this one trace (explorer/conditionsSearch.ts).
 */

/** The kinds of disruption a counterexample may need, reboots and patch storms counted as one. */
export type ConditionKind = 'reboots' | 'crash' | 'usageSpike' | 'login' | 'logout' | 'addMega';

/** The kind of condition an event is of: null for time and the quiet phase. */
export function conditionKindOf(kind: EventKind): ConditionKind | null {
  return kindOf[kind];
}

const kindOf: { readonly [K in EventKind]: ConditionKind | null } = {
  tick: null,
  quiet: null,
  reboot: 'reboots',
  patchStorm: 'reboots',
  crash: 'crash',
  usageSpike: 'usageSpike',
  login: 'login',
  logout: 'logout',
  addMega: 'addMega',
};

const labels: { readonly [K in ConditionKind]: string } = {
  reboots: 'reboots',
  crash: 'a supernode crash',
  usageSpike: 'a usage spike',
  login: 'logins',
  logout: 'logouts',
  addMega: 'mega supernodes',
};

/**
 * A bounded search, from the same settled network, over every interleaving of the trace's other
 * kinds of event (explorer/conditionsSearch.ts): whether it found every reachable state (`everyState`),
 * went `depth` events deep within its budget (`depth`), or found the property broken without the
 * kind all the same, in `depth` events (`breaks`).
 */
export interface Searched {
  readonly status: 'everyState' | 'depth' | 'breaks';
  readonly depth: number;
  readonly states: number;
}

export interface ConditionOfKind {
  readonly kind: ConditionKind;
  /** Whether the property holds once every event of that kind is gone from the trace. */
  readonly needed: boolean;
  /** For a needed kind, when the search was run: what it found without the kind. */
  readonly searched?: Searched;
}

export interface Conditions {
  /** Each kind the trace holds. */
  readonly kinds: readonly ConditionOfKind[];
  /** One line for reports: "needs reboots + a usage spike: the property holds without either". */
  readonly summary: string;
}

export interface ConditionsInput {
  readonly config: Config;
  readonly algorithm: AllocationAlgorithm;
  readonly property: Property;
  readonly settleTicks: number;
  readonly events: readonly Event[];
}

/** The necessary conditions of a counterexample: see the module's comment. */
export function necessaryConditions(input: ConditionsInput): Conditions {
  const present = [...new Set(input.events.map((e) => kindOf[e.kind]).filter((k): k is ConditionKind => k !== null))];
  const kinds = present.map((kind) => ({ kind, needed: holdsWithout(input, kind) }));
  return { kinds, summary: summaryOf(kinds) };
}

function holdsWithout(input: ConditionsInput, kind: ConditionKind): boolean {
  const quietAt = input.events.findIndex((e) => e.kind === 'quiet');
  const disruptions = (quietAt < 0 ? input.events : input.events.slice(0, quietAt)).filter((e) => kindOf[e.kind] !== kind);
  const system = { config: input.config, algorithm: input.algorithm };
  const played = play(system, [input.property], input.settleTicks, (run) => {
    for (const event of disruptions) advance(run, event);
    quietPhase(run);
  });
  return played.failure === null;
}

/** The one line for reports, with what each search found. */
export function summaryOf(kinds: Conditions['kinds']): string {
  if (kinds.length === 0) return 'needs no disruption: it breaks in the settled network as it is';
  const needed = kinds.filter((k) => k.needed).map((k) => labels[k.kind]);
  const spare = kinds.filter((k) => !k.needed).map((k) => labels[k.kind]);
  if (needed.length === 0) return `needs none of its kinds of event alone: it still breaks without ${spare.join(', without ')}`;
  const without = needed.length === 1 ? 'without it' : needed.length === 2 ? 'without either' : 'without any one of them';
  const rest = spare.length === 0 ? '' : `; ${spare.join(' and ')} ${spare.length === 1 ? 'is' : 'are'} not needed`;
  const searches = kinds.flatMap((k) => (k.searched === undefined ? [] : [`without ${labels[k.kind]}, ${searchedText(k.searched)}`]));
  const searched = searches.length === 0 ? '' : ` (searched: ${searches.join('; ')})`;
  return `needs ${needed.join(' + ')}: the property holds ${without}${searched}${rest}`;
}

function searchedText({ status, depth, states }: Searched): string {
  const events = `${depth} ${depth === 1 ? 'event' : 'events'}`;
  if (status === 'everyState') return states === 1 ? 'the one reachable state holds' : `all ${states} reachable states hold`;
  if (status === 'depth' && depth < 1) return `the budget ran out before every trace of one event was checked (${states} states)`;
  if (status === 'depth') return `every interleaving of up to ${events} holds (${states} states)`;
  return `another trace breaks it all the same, in ${events}`;
}
