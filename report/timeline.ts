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
  type State,
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
  readonly awaitingLogin: number;
  readonly booting: number;
  readonly loginQueue: number;
  readonly probes: number;
  /** Load of every node in percent of its capacity (0 for nodes that are not supernodes). */
  readonly loads: readonly number[];
  readonly quiet: boolean;
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
    const event = step > 0 ? describeEvent(events[step - 1] as Event) : settleTicks > 0 ? `settle ×${settleTicks}` : 'cold start';
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
      loginQueue: state.loginQueue.length,
      probes: state.lastTick.probes,
      loads,
      quiet: state.quietSince >= 0,
    };
  });
}
