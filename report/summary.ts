import type { ReplayOutcome } from '../corpus/replay.ts';
import type { CounterexampleFile } from '../corpus/schema.ts';
import {
  type Config,
  childrenOf,
  type Decision,
  type Event,
  effectiveCapacity,
  indicesOf,
  isHistoricallyEligible,
  isOverloaded,
  isRunning,
  isServed,
  isUsableSupernode,
  type NodeIndex,
  type NodeState,
  ordinalIn,
  type State,
  userAt,
  userSupernodes,
  workPercent,
} from '../model/index.ts';
import { propertyNamed } from '../properties/registry.ts';
import { counted, listed, nodeName } from './nodeNames.ts';

/**
 * The story of a counterexample in one paragraph, worked out from the replayed states alone (so it
 * is exact and needs no algorithm beyond the one the replay ran): how the network stood after the
 * settle phase, what the disruptions did, which supernodes were overloaded or shut down and when,
 * who went unserved for how long while which node could have served, then the necessary conditions
 * the file carries, the property and its bound. Every rendering puts it first.
 */
export function summaryParagraph(record: CounterexampleFile, outcome: ReplayOutcome): string {
  const last = outcome.step ?? outcome.states.length - 1;
  const states = outcome.states.slice(0, last + 1);
  const story = { config: record.config, events: record.events.slice(0, last), states, decisions: outcome.decisions };
  return [
    settleSentence(record, outcome),
    disruptionSentence(story),
    loadSentence(story),
    unservedSentence(story),
    `Necessary conditions: it ${record.conditions.summary}.`,
    propertySentence(record, outcome),
  ]
    .filter((s) => s !== '')
    .join(' ');
}

interface Story {
  readonly config: Config;
  /** The events up to and including the violating one; `states[k]` is the state after `events[k - 1]`. */
  readonly events: readonly Event[];
  readonly states: readonly State[];
  /** The probes the replay recorded, aligned with `states`. */
  readonly decisions: readonly (readonly Decision[])[];
}

const capitalised = (sentence: string) => `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}`;

const roleAt = (state: State, i: number) => (state.nodes[i] as NodeState).role;

function supernodesIn(config: Config, state: State): string {
  const up = state.nodes.map((_, i) => i).filter((i) => roleAt(state, i).kind === 'supernode');
  return up.length === 0 ? 'no supernode' : `${up.length === 1 ? 'supernode' : 'supernodes'} ${listed(up.map((i) => nodeName(config, i)))}`;
}

function onlineUsers(config: Config, state: State): string {
  const users = indicesOf(config, 'user');
  const online = users.filter((i) => isServed(config, state, i)).length;
  return `${online} of ${counted(users.length, 'user')} online`;
}

function settleSentence(record: CounterexampleFile, outcome: ReplayOutcome): string {
  const first = outcome.states[0] as State;
  const { config, settleTicks } = record;
  const network = `${onlineUsers(config, first)} under ${supernodesIn(config, first)}`;
  if (settleTicks === 0) return `From a cold start, ${network}.`;
  if (outcome.step === 0 && first.tick < settleTicks)
    return `The settle phase of ${settleTicks} ticks from a cold start never finished: at tick ${first.tick}, before any disruption, ${network}.`;
  return `After a settle phase of ${settleTicks} ticks, ${network}.`;
}

/** What an event did, in words, the users and supernodes it addresses named as nodes (`before` is the state it applied to). */
function eventInWords(config: Config, before: State, event: Event): string | null {
  switch (event.kind) {
    case 'tick':
    case 'quiet':
      return null;
    case 'usageSpike':
      return `traffic rose to ${event.percent}% of normal`;
    case 'reboot':
    case 'login':
    case 'logout': {
      const user = userAt(config, event.user);
      const verb = event.kind === 'reboot' ? 'rebooted' : event.kind === 'login' ? 'logged in' : 'logged out';
      return `${user === null ? 'no user' : nodeName(config, user)} ${verb}`;
    }
    case 'patchStorm':
      return `a patch storm rebooted ${event.percent}% of the machines over ${counted(Math.max(1, event.windowTicks), 'tick')}${event.biasSupernodes ? ', supernodes first' : ''}`;
    case 'crash': {
      const supernodes = userSupernodes(config, before);
      const hit =
        supernodes.length === 0 ? [] : [...new Set(event.supernodes.map((k) => supernodes[ordinalIn(k, supernodes.length)] as NodeIndex))];
      return `the clients of ${hit.length === 0 ? 'no supernode' : listed(hit.map((i) => nodeName(config, i)))} crashed`;
    }
    case 'addMega':
      return `the operator deployed ${counted(event.count, 'mega supernode')}`;
  }
}

/** The steps at which each node entered a role, by the predicate on its role before and after. */
function entries(
  story: Story,
  entered: (before: NodeState['role'], after: NodeState['role']) => boolean,
): { node: number; step: number }[] {
  const found: { node: number; step: number }[] = [];
  for (let step = 1; step < story.states.length; step++) {
    const before = story.states[step - 1] as State;
    const after = story.states[step] as State;
    for (let i = 0; i < after.nodes.length; i++) if (entered(roleAt(before, i), roleAt(after, i))) found.push({ node: i, step });
  }
  return found;
}

function disruptionSentence(story: Story): string {
  const { config, events, states } = story;
  const words = events.flatMap((event, k) => eventInWords(config, states[k] as State, event) ?? []);
  const quietAt = events.findIndex((e) => e.kind === 'quiet');
  if (words.length === 0) return quietAt < 0 ? '' : `No disruption came; the quiet phase began at step ${quietAt + 1}.`;
  const reboots = entries(
    story,
    (before, after) => after.kind === 'booting' && after.machine && !(before.kind === 'booting' && before.machine),
  );
  const rebooted = [...new Set(reboots.map((r) => r.node))];
  const wereSupernodes = [
    ...new Set(reboots.filter((r) => roleAt(states[r.step - 1] as State, r.node).kind === 'supernode').map((r) => r.node)),
  ];
  const users = indicesOf(config, 'user').length;
  const effect =
    rebooted.length === 0
      ? ''
      : `: ${rebooted.length} of ${users} user machines went down, ${
          wereSupernodes.length === 0
            ? 'none of them a supernode'
            : `including ${counted(wereSupernodes.length, 'supernode')}: ${listed(wereSupernodes.map((i) => nodeName(config, i)))}`
        }`;
  const quiet = quietAt < 0 ? '' : `; the quiet phase began at step ${quietAt + 1}`;
  return `Then ${listed(words)}${effect}${quiet}.`;
}

function loadSentence(story: Story): string {
  const { config, states } = story;
  const parts: string[] = [];
  for (let i = 0; i < config.nodes.length; i++) {
    const steps = states
      .map((s, step) => (roleAt(s, i).kind === 'supernode' && isOverloaded(config, s, i as NodeIndex) ? step : -1))
      .filter((s) => s >= 0);
    const first = steps[0];
    if (first === undefined) continue;
    // Rounded up to a tenth, so that a load just over the limit never reads as the limit itself.
    const capacity = config.nodes[i]?.capacity ?? 1;
    const peak = Math.max(...steps.map((s) => Math.ceil((workPercent(states[s] as State, i as NodeIndex) * 10) / capacity) / 10));
    const span = steps.length === 1 ? `at step ${first}` : `in ${counted(steps.length, 'step')} from step ${first}`;
    parts.push(`${nodeName(config, i)} was overloaded ${span} (up to ${peak}% of its capacity; it can take ${config.shedHighPercent}%)`);
  }
  for (const { node, step } of entries(
    story,
    (before, after) => before.kind === 'supernode' && after.kind === 'booting' && !after.machine,
  )) {
    parts.push(`${nodeName(config, node)} shut itself down at step ${step}`);
  }
  for (const [supernode, { children, admittedFirst }] of sheddersIn(story)) {
    const name = nodeName(config, supernode);
    parts.push(
      admittedFirst === children
        ? `${name} admitted a child and shed it in the same tick, ${children === 1 ? 'once' : `${children} times`}`
        : `${name} shed ${counted(children, 'child', 'children')}${admittedFirst > 0 ? ` (${admittedFirst} in the tick it admitted them)` : ''}`,
    );
  }
  const promoted = entries(story, (before, after) => before.kind !== 'supernode' && after.kind === 'supernode');
  if (promoted.length > 0) parts.push(listed(promoted.map((p) => `${nodeName(config, p.node)} became a supernode at step ${p.step}`)));
  if (parts.length === 0) return '';
  return capitalised(`${listed(parts)}.`);
}

/**
 * Who shed how many children, from the tick counters and the recorded probes: at a step that shed,
 * a supernode that lost a child while staying a supernode, or that admitted a node which ends the
 * step connecting again (admitted and shed within one tick, which the states alone cannot show).
 */
function sheddersIn(story: Story): Map<number, { children: number; admittedFirst: number }> {
  const found = new Map<number, { children: number; admittedFirst: number }>();
  const add = (s: number, children: number, admittedFirst: number) => {
    const was = found.get(s) ?? { children: 0, admittedFirst: 0 };
    found.set(s, { children: was.children + children, admittedFirst: was.admittedFirst + admittedFirst });
  };
  for (let step = 1; step < story.states.length; step++) {
    const before = story.states[step - 1] as State;
    const after = story.states[step] as State;
    if (after.lastTick.shedChildren === 0) continue;
    for (let s = 0; s < after.nodes.length; s++) {
      const was = roleAt(before, s);
      const now = roleAt(after, s);
      if (was.kind !== 'supernode' || now.kind !== 'supernode') continue;
      const lost = was.children.filter((c) => !now.children.includes(c) && roleAt(after, c).kind === 'connecting').length;
      const readmitted = (story.decisions[step] ?? []).filter(
        (d) => d.outcome === 'admitted' && d.target === s && roleAt(after, d.node).kind === 'connecting',
      ).length;
      if (lost + readmitted > 0) add(s, lost + readmitted, readmitted);
    }
  }
  return found;
}

/** Users who want to be online, are up, and are not served in `state`. */
function stranded(config: Config, state: State): number[] {
  return indicesOf(config, 'user').filter((i) => {
    const node = state.nodes[i] as NodeState;
    return node.wantsOnline && isRunning(node.role) && !isServed(config, state, i);
  });
}

function unservedSentence(story: Story): string {
  const { config, states } = story;
  const end = states.at(-1) as State;
  const waiting = stranded(config, end);
  if (waiting.length === 0) return '';
  // How long each has gone without service: back to the last step at which it was served or down.
  const since = waiting.map((i) => {
    let step = states.length - 1;
    while (step > 0 && stranded(config, states[step - 1] as State).includes(i)) step--;
    return step;
  });
  const ticks = since.map((step) => end.tick - (states[step] as State).tick);
  const longest = Math.max(...ticks);
  const from = since[ticks.indexOf(longest)] ?? 0;
  const who =
    waiting.length === 1
      ? `${nodeName(config, waiting[0] as number)} was`
      : `${waiting.length} users (${listed(waiting.map((i) => nodeName(config, i)))}) were`;
  const spare = sparesIn(config, end, waiting);
  const span =
    longest === 0
      ? `at step ${states.length - 1}`
      : `for ${waiting.length === 1 ? '' : 'up to '}${counted(longest, 'tick')} (since step ${from})`;
  return capitalised(
    `${who} not served ${span}${spare === '' ? `, and no other node had room to serve ${waiting.length === 1 ? 'it' : 'them'}` : `, while ${spare}`}.`,
  );
}

/** The nodes that could have served someone at the end: eligible users not promoted, and usable supernodes with free slots. */
function sparesIn(config: Config, state: State, waiting: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0 as NodeIndex; i < state.nodes.length; i++) {
    if (waiting.includes(i)) continue;
    const role = roleAt(state, i);
    if (config.nodes[i]?.kind === 'user' && isRunning(role) && role.kind !== 'supernode' && isHistoricallyEligible(config, state, i)) {
      parts.push(`${nodeName(config, i)} was eligible to be a supernode and was not promoted`);
      continue;
    }
    if (!isUsableSupernode(state, i)) continue;
    const free = effectiveCapacity(config, state, i) - childrenOf(state.nodes[i] as NodeState).length;
    if (free > 0 && !isOverloaded(config, state, i)) parts.push(`${nodeName(config, i)} had ${counted(free, 'free slot')}`);
  }
  return listed(parts);
}

function propertySentence(record: CounterexampleFile, outcome: ReplayOutcome): string {
  const property = propertyNamed(record.property);
  const name = property === undefined ? record.property : `${property.name} (${property.label})`;
  const verdict =
    outcome.verdict === 'violates' ? `${name} breaks at step ${outcome.step}: ${outcome.message}` : `${name} holds over the whole trace`;
  if (property === undefined) return `So ${verdict}.`;
  const bound =
    property.bound === null
      ? ''
      : ` Its bound is ${property.bound.formula} = ${counted(property.bound.ticks(record.config), 'tick')} of quiet.`;
  return `So ${verdict}. The property: ${property.meaning}${bound}`;
}
