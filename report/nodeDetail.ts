import type { ReplayOutcome } from '../corpus/replay.ts';
import type { CounterexampleFile } from '../corpus/schema.ts';
import { assertNever } from '../model/assert.ts';
import { type Config, effectiveCapacity, type NodeIndex, type Role, type State } from '../model/index.ts';
import { nodeName } from './nodeNames.ts';

/** A node's role in a few words, its links named as nodes: `ordinary under node 0`. */
export function roleInWords(role: Role | undefined, config: Config): string {
  if (role === undefined) return 'absent';
  switch (role.kind) {
    case 'supernode':
      return `supernode of ${role.children.length === 0 ? 'no one' : role.children.map((c) => nodeName(config, c)).join(', ')}`;
    case 'ordinary':
      return `ordinary under ${nodeName(config, role.parent)}`;
    case 'awaitingLogin':
      return `awaiting login via ${nodeName(config, role.supernode)}`;
    case 'booting':
      return role.machine ? 'rebooting' : 'restarting its client';
    case 'connecting':
    case 'offline':
      return role.kind;
    default:
      return assertNever(role);
  }
}

/** One node over a replay: what it is, and each step at which its role (kind or links) changed. */
export interface NodeDetail {
  readonly node: number;
  readonly name: string;
  readonly spec: string;
  /** `[step, role]` at step 0 and at every step the role changed, up to the last state. */
  readonly changes: readonly (readonly [number, string])[];
  readonly hostCache: string;
}

function roleKey(state: State, i: number): string {
  return JSON.stringify(state.nodes[i]?.role);
}

/** Every node of the replay, in index order, up to the violating step. */
export function nodeDetails(record: CounterexampleFile, outcome: ReplayOutcome): NodeDetail[] {
  const { config } = record;
  const states = outcome.states.slice(0, (outcome.step ?? outcome.states.length - 1) + 1);
  const last = states.at(-1) as State;
  return config.nodes.map((spec, i) => {
    const changes: [number, string][] = [];
    states.forEach((state, step) => {
      if (step === 0 || roleKey(state, i) !== roleKey(states[step - 1] as State, i))
        changes.push([step, roleInWords(state.nodes[i]?.role, config)]);
    });
    const capacity = `capacity ${spec.capacity} (${effectiveCapacity(config, last, i as NodeIndex)} at ${last.usagePercent}% usage)`;
    const cache = last.nodes[i]?.hostCache ?? [];
    return {
      node: i,
      name: nodeName(config, i),
      spec: `${spec.isPublic ? 'public' : 'behind NAT'}, ${capacity}`,
      changes,
      hostCache: cache.length === 0 ? 'empty' : cache.map((c) => `node ${c}`).join(', '),
    };
  });
}

/**
 * The nodes a terminal reader needs, in index order: the offending ones, their parents, every node
 * that was a supernode at some step, and the entries of the offending nodes' host caches.
 */
export function nodesThatMatter(outcome: ReplayOutcome): Set<number> {
  const states = outcome.states.slice(0, (outcome.step ?? outcome.states.length - 1) + 1);
  const matter = new Set<number>(outcome.nodes);
  for (const state of states) {
    state.nodes.forEach((node, i) => {
      if (node.role.kind === 'supernode') matter.add(i);
    });
    for (const i of outcome.nodes) {
      const node = state.nodes[i];
      if (node === undefined) continue;
      if (node.role.kind === 'ordinary') matter.add(node.role.parent);
      if (node.role.kind === 'awaitingLogin') matter.add(node.role.supernode);
      for (const c of node.hostCache) matter.add(c);
    }
  }
  return new Set([...matter].sort((a, b) => a - b));
}

/** One node's detail in a line: what it is, its host cache at the end, and its role changes. */
export function detailLine(d: NodeDetail, bold: (text: string) => string = (t) => t): string {
  return `${bold(d.name)}, ${d.spec}; host cache at the end: ${d.hostCache}. ${d.changes.map(([step, role]) => `step ${step}: ${role}`).join('; ')}`;
}
