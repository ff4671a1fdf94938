import {
  type Config,
  census,
  describeEvent,
  type Event,
  isUsableSupernode,
  isWarming,
  loadPercent,
  type NodeIndex,
  optimalOnline,
  ordinalIn,
  type State,
  userAt,
  userSupernodes,
} from '../model/index.ts';

/** One step of a trace as reports show it: the event and what the network looked like after it. */
export interface TimelineRow {
  /** 0 is the initial state. */
  readonly step: number;
  readonly tick: number;
  readonly event: string;
  readonly supernodes: number;
  readonly warming: number;
  readonly online: number;
  readonly optimal: number;
  readonly connecting: number;
  /** Users admitted and waiting at the login server: the login queue itself, which holds exactly these. */
  readonly awaitingLogin: number;
  readonly booting: number;
  readonly probes: number;
  /** Load of every node in percent of its capacity (0 for nodes that are not supernodes). */
  readonly loads: readonly number[];
  readonly quiet: boolean;
}

/**
 * An event as the tables show it: the node it addressed beside the ordinal the file holds, so that
 * `reboot(node 1, u0)` and a violation's "node 1" are seen to be one node. `before` is the state it applied to.
 */
export function eventLabel(config: Config, before: State, event: Event): string {
  switch (event.kind) {
    case 'reboot':
    case 'login':
    case 'logout':
      return `${event.kind}(node ${userAt(config, event.user) ?? '-'}, u${event.user})`;
    case 'crash': {
      const supernodes = userSupernodes(config, before);
      const nodes = supernodes.length === 0 ? [] : event.supernodes.map((k) => supernodes[ordinalIn(k, supernodes.length)]);
      return `crash(node ${nodes.length === 0 ? '-' : [...new Set(nodes)].join(',')}, sn ${event.supernodes.join(',')})`;
    }
    default:
      return describeEvent(event);
  }
}

/**
 * The rows of a replayed trace: `states[0]` is where the settle phase of `settleTicks` ticks ended
 * (shown as one row), `states[k]` the state after `events[k - 1]`.
 */
export function timeline(config: Config, events: readonly Event[], states: readonly State[], settleTicks = 0): TimelineRow[] {
  return states.map((state, step) => {
    const c = census(config, state);
    let supernodes = 0;
    let warming = 0;
    const loads = state.nodes.map((_, i) => {
      if (isUsableSupernode(state, i as NodeIndex)) supernodes++;
      if (isWarming(state, i as NodeIndex)) warming++;
      return loadPercent(config, state, i as NodeIndex);
    });
    const before = states[step - 1];
    const event =
      before !== undefined
        ? eventLabel(config, before, events[step - 1] as Event)
        : settleTicks > 0
          ? `settle ×${settleTicks}`
          : 'cold start';
    return {
      step,
      tick: state.tick,
      event,
      supernodes,
      warming,
      online: c.online,
      optimal: optimalOnline(config, state),
      connecting: c.connecting,
      awaitingLogin: c.awaitingLogin,
      booting: c.booting,
      probes: state.lastTick.probes,
      loads,
      quiet: state.quietSince >= 0,
    };
  });
}
