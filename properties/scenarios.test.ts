// The outage reconstructions fail for the record's reasons, measured from the settled network on
// their scenario configs. On patch-tuesday-2007, skype-2007 holds every property with no
// disruption, under individual reboots, logins and logouts, and under rolling churn; under the
// routine storm alone and under the doubled traffic alone it is the healing reference tick for
// tick, since only the two together start its recovery routine. Together they collapse it, it
// recovers partly and relapses, and it heals only once the operator adds capacity. On
// client-crash-2010, a crash of 30% of the supernodes on a normal day cascades through the
// reconnect load alone and keeps the network down until the mega supernodes come. The healing
// reference rides out every one of them.
import { describe, expect, it } from 'vitest';
import { healing, skype2007, skype2010 } from '../algorithms/index.ts';
import { type AllocationAlgorithm, census, type Event, optimalOnline, type Preset, presets } from '../model/index.ts';
import { reconnectionBound } from './bounds.ts';
import { defaultProperties, outcomeProperties } from './registry.ts';
import { runTrace, settleTicksOf } from './run.ts';

function preset(name: string): Preset {
  const found = presets[name];
  if (found === undefined) throw new Error(`preset ${name} is missing`);
  return found;
}

const ticks = (count: number): Event[] => Array.from({ length: count }, () => ({ kind: 'tick' }) as const);
const quiet: Event = { kind: 'quiet' };
const spike: Event = { kind: 'usageSpike', percent: 200 };

/** A run from the settled network: users online and the optimum after each event, and the first property the default verdict finds broken. */
function play(p: Preset, algorithm: AllocationAlgorithm, events: readonly Event[]) {
  const system = { config: p.config, algorithm };
  const settleTicks = settleTicksOf(system);
  const states = runTrace(system, events, [], settleTicks).states;
  const failure = runTrace(system, events, defaultProperties, settleTicks).failure;
  const outcome = runTrace(system, events, outcomeProperties, settleTicks).failure;
  return {
    online: states.map((s) => census(p.config, s).online),
    /** Whether skype-2007's recovery routine ran at each step (its memory says so; false for the others). */
    recovering: states.map((s) => (s.memory as { recovering?: boolean } | null)?.recovering === true),
    optimum: states.map((s) => optimalOnline(p.config, s)),
    broken: failure?.property.name ?? null,
    brokenByOutcome: outcome?.property.name ?? null,
  };
}

/** Steps from `from` until online reaches the optimum and stays there to the end of the run, or -1. */
function recoveryAfter(run: { online: readonly number[]; optimum: readonly number[] }, from: number): number {
  let first = -1;
  for (let k = run.online.length - 1; k >= from; k--) {
    if ((run.online[k] as number) < (run.optimum[k] as number)) break;
    first = k;
  }
  return first < 0 ? -1 : first - from;
}

const tuesday = preset('patch-tuesday-2007');
const bound2007 = reconnectionBound.ticks(tuesday.config);
const storm = tuesday.scenario.find((e) => e.kind === 'patchStorm');
if (storm === undefined) throw new Error('the 2007 scenario has no storm');
const stormWindow = 8;
const rollingChurn: Event[] = Array.from({ length: 20 }, (_, k): Event[] => [{ kind: 'reboot', user: (k * 7) % 30 }, ...ticks(2)]).flat();

describe('patch-tuesday-2007: the bug and the heavy day make the collapse, the storm alone does not', () => {
  it('has a routine storm: healing never falls below 60% of the users online before it', () => {
    const run = play(tuesday, healing, [storm, ...ticks(stormWindow), quiet, ...ticks(bound2007 + 2)]);
    expect(run.broken).toBeNull();
    expect(Math.min(...run.online)).toBe(23);
    expect(Math.min(...run.online)).toBeGreaterThanOrEqual(0.6 * (run.online[0] as number));
  });

  it.each([
    ['no disruption', [quiet, ...ticks(3 * bound2007)]],
    [
      'individual reboots, logins and logouts',
      [
        { kind: 'reboot', user: 0 },
        ...ticks(5),
        { kind: 'reboot', user: 9 },
        { kind: 'logout', user: 4 },
        ...ticks(3),
        { kind: 'login', user: 4 },
        ...ticks(2),
        { kind: 'reboot', user: 12 },
        quiet,
        ...ticks(bound2007 + 2),
      ],
    ],
    ['rolling churn, 20 reboots over 60 ticks', [...rollingChurn, quiet, ...ticks(bound2007 + 2)]],
    ['a 200% usage spike with no reboots', [spike, quiet, ...ticks(3 * bound2007)]],
  ] as [string, Event[]][])('skype-2007 holds every property under %s', (_, events) => {
    expect(play(tuesday, skype2007, events).broken).toBeNull();
    expect(play(tuesday, healing, events).broken).toBeNull();
  });

  it('skype-2007 is healing, tick for tick, under the routine storm alone and under the heavy day alone', () => {
    const [stormOnly] = [
      [storm, ...ticks(stormWindow), quiet, ...ticks(bound2007 + 2)],
      [spike, quiet, ...ticks(3 * bound2007)],
    ].map((events) => {
      const broken = play(tuesday, skype2007, events);
      expect(broken.broken).toBeNull();
      expect(broken.online).toEqual(play(tuesday, healing, events).online);
      expect(broken.recovering.some(Boolean)).toBe(false);
      return broken;
    });
    // So it recovers in healing's time: 1.0×.
    expect(recoveryAfter(stormOnly as ReturnType<typeof play>, stormWindow + 2)).toBe(3);
  });

  const both = play(tuesday, skype2007, tuesday.scenario);
  it('storm and spike together: collapse, partial recovery, relapse (L3), and no stable recovery in 3× the bound', () => {
    // The recovery routine starts when the storm takes the first supernode on the heavy day.
    expect(both.recovering.indexOf(true)).toBe(4);
    expect(both.online.slice(0, 14).join(' ')).toBe('30 28 28 27 23 22 24 21 17 10 3 3 3 3');
    expect(both.broken).toBe('no-relapse');
    expect(both.brokenByOutcome).toBe('no-relapse');
    const before = both.online[0] as number;
    const trough = both.online.indexOf(Math.min(...both.online.slice(0, 20)));
    const partial = both.online.findIndex((n, k) => k > trough && n >= 0.5 * before);
    const relapse = Math.min(...both.online.slice(partial));
    // The storm's reboots end at step 10 (it comes at step 2 and lasts 8 ticks): the trough is 5 ticks later.
    expect([trough, both.online[trough], partial, both.online[partial], relapse]).toEqual([15, 2, 26, 15, 2]);
    expect(relapse).toBeLessThanOrEqual(0.2 * before);
    expect(both.online.length).toBeGreaterThan(3 * bound2007);
    expect(recoveryAfter(both, 0)).toBe(-1);
  });

  it('…and heals within the bound once the operator adds capacity', () => {
    const run = play(tuesday, skype2007, [spike, storm, ...ticks(60), { kind: 'addMega', count: 4 }, quiet, ...ticks(bound2007 + 2)]);
    expect(run.broken).toBeNull();
    const megaAt = 63;
    expect(recoveryAfter(run, megaAt)).toBe(39);
    expect(recoveryAfter(run, megaAt)).toBeLessThanOrEqual(bound2007);
  });

  it('healing stays above half the optimum once the machines are back, and recovers within its bound', () => {
    const run = play(tuesday, healing, tuesday.scenario);
    expect(run.broken).toBeNull();
    const backUp = stormWindow + tuesday.config.bootTicks + 2;
    expect(run.online.every((n, k) => k < backUp || n >= 0.5 * (run.optimum[k] as number))).toBe(true);
    expect(recoveryAfter(run, stormWindow + 2)).toBe(6);
  });
});

describe('client-crash-2010: the reconnect load of a crash keeps the protection tripping until the mega supernodes', () => {
  const crash = preset('client-crash-2010');
  const bound2010 = reconnectionBound.ticks(crash.config);
  const crashEvent = crash.scenario[0] as Event;

  it('the same usage with no crash does not cascade', () => {
    const run = play(crash, skype2010, [quiet, ...ticks(3 * bound2010)]);
    expect(run.broken).toBeNull();
    expect(Math.min(...run.online)).toBe(30);
  });

  it('a 30% supernode crash on a normal day stays down past the bound without the operator: an outcome breaks', () => {
    const run = play(crash, skype2010, [crashEvent, quiet, ...ticks(3 * bound2010)]);
    expect(run.online.slice(0, 6).join(' ')).toBe('30 19 19 20 19 17');
    expect(run.brokenByOutcome).toBe('bounded-reconnection');
    // Between 43% and 73% of the users for the whole bound; it escapes by itself only at tick 111 (1.2× the bound).
    expect(Math.max(...run.online.slice(1, bound2010 + 2))).toBe(22);
    expect(run.online.findIndex((n, k) => k > 0 && n >= 26)).toBe(110);
    const reference = play(crash, healing, [crashEvent, quiet, ...ticks(3 * bound2010)]);
    expect(reference.broken).toBeNull();
    expect(reference.online.every((n, k) => n >= (run.online[k] as number))).toBe(true);
  });

  it('with the mega supernodes it is back above 80% within the bound, and healing is ahead at every tick', () => {
    const run = play(crash, skype2010, crash.scenario);
    const reference = play(crash, healing, crash.scenario);
    const megaAt = crash.scenario.findIndex((e) => e.kind === 'addMega') + 1;
    const back = run.online.findIndex((n, k) => k > megaAt && n >= 0.8 * 30);
    expect([megaAt, back]).toEqual([8, 18]);
    expect(back - megaAt).toBeLessThanOrEqual(bound2010);
    expect(reference.broken).toBeNull();
    expect(reference.online.every((n, k) => n >= (run.online[k] as number))).toBe(true);
  });
});
