// The two scenario presets replay the documented outages at small scale: on patch-tuesday-2007 the
// healing reference recovers within its bound while skype-2007 collapses, recovers partly and
// relapses (the shape of 16–18 August 2007 in outage-timelines.csv); on client-crash-2010 skype-2010
// cascades and recovers once mega supernodes arrive.
import { describe, expect, it } from 'vitest';
import { healing, skype2007, skype2010 } from '../algorithms/index.ts';
import { type AllocationAlgorithm, census, optimalOnline, type Preset, presets } from '../model/index.ts';
import { reconnectionBound } from './healing.ts';
import { properties } from './registry.ts';
import { runTrace } from './runTrace.ts';

function preset(name: string): Preset {
  const found = presets[name];
  if (found === undefined) throw new Error(`preset ${name} is missing`);
  return found;
}

/** Users online after each step of the preset's scenario, and the run's states. */
function replay(p: Preset, algorithm: AllocationAlgorithm) {
  const { states, failure } = runTrace({ config: p.config, algorithm }, p.scenario, []);
  expect(failure).toBeNull();
  return { states, online: states.map((s) => census(p.config, s).online) };
}

/** The first index at or after `from` where `online` reaches `level`, or -1. */
function firstReaching(online: readonly number[], level: number, from: number): number {
  return online.findIndex((n, k) => k >= from && n >= level);
}

const tuesday = preset('patch-tuesday-2007');
const stormStep = tuesday.scenario.findIndex((e) => e.kind === 'patchStorm') + 1;

describe('patch-tuesday-2007', () => {
  const reference = replay(tuesday, healing);
  const broken = replay(tuesday, skype2007);
  const last = reference.states.at(-1);
  if (last === undefined) throw new Error('empty run');

  it('pins the online count tick by tick for both algorithms', () => {
    expect(reference.online.join(' ')).toBe(
      '0 8 11 12 12 12 12 12 12 12 12 12 12 14 16 19 22 24 24 25 27 27 27 30 30 30 30 30 30 30 30 30 30 30 30 30 30 30 30 30 30 ' +
        '9 2 3 5 9 9 9 11 12 12 12 12 12 14 14 16 16 16 16 19 22 22 23 24 24 24 24 24 24 25 25 25 25 26 26 26 26 26 ' +
        Array(89).fill(27).join(' '),
    );
    expect(broken.online.join(' ')).toBe(
      '0 0 3 4 4 4 4 4 4 4 4 4 4 4 4 4 4 4 4 4 8 8 9 9 9 9 9 9 9 9 11 12 14 16 19 20 21 24 24 24 25 ' +
        '3 3 2 2 4 4 4 4 4 4 4 4 4 4 5 5 6 6 6 6 6 6 6 6 6 8 6 4 4 4 4 4 4 4 5 6 6 6 6 6 6 6 6 6 5 4 4 4 4 4 4 4 5 6 6 6 6 6 6 6 6 6 7 4 4 ' +
        '8 8 8 12 12 12 14 14 14 14 15 16 16 16 16 16 16 16 17 18 19 19 16 13 14 11 12 13 13 14 15 16 16 15 15 13 11 8 6 5 6 5 5 ' +
        '7 9 11 12 13 13 14 14 15 15 15 13 12 12 13 10 4 4 5',
    );
  });

  it('healing reaches the optimum within its bound and never falls back during the quiet phase', () => {
    const optimum = optimalOnline(tuesday.config, last);
    const quietStep = reference.states.findIndex((s) => s.quietSince === last.quietSince && s.tick === last.quietSince);
    const recovered = firstReaching(reference.online, optimum, quietStep);
    expect(recovered - quietStep).toBeLessThanOrEqual(reconnectionBound.ticks(tuesday.config));
    const quiet = reference.online.slice(quietStep);
    expect(quiet.every((n, k) => k === 0 || n >= (quiet[k - 1] as number))).toBe(true);
    expect(runTrace({ config: tuesday.config, algorithm: healing }, tuesday.scenario, properties).failure).toBeNull();
  });

  it('skype-2007 collapses, recovers partly, relapses, and has not healed when the scenario ends', () => {
    const before = broken.online[stormStep - 1] as number;
    const after = broken.online.slice(stormStep);
    expect(Math.min(...after.slice(0, 5))).toBeLessThanOrEqual(before * 0.2);
    const partial = after.findIndex((n) => n >= before * 0.45);
    expect(partial).toBeGreaterThan(0);
    const peak = Math.max(...after.slice(partial, partial + 30));
    const relapse = Math.min(...after.slice(after.indexOf(peak, partial)));
    expect(relapse).toBeLessThanOrEqual(peak * 0.6);
    expect(broken.online.at(-1) as number).toBeLessThan(0.5 * (reference.online.at(-1) as number));
  });
});

describe('client-crash-2010', () => {
  const crash = preset('client-crash-2010');
  const megaStep = crash.scenario.findIndex((e) => e.kind === 'addMega') + 1;
  const crashStep = crash.scenario.findIndex((e) => e.kind === 'crash') + 1;

  it('skype-2010 cascades below healing and recovers only after the mega supernodes', () => {
    const reference = replay(crash, healing).online;
    const broken = replay(crash, skype2010).online;
    const cascade = Math.min(...broken.slice(crashStep, megaStep));
    expect(cascade).toBeLessThan(Math.min(...reference.slice(crashStep, megaStep)));
    expect(cascade).toBeLessThanOrEqual((broken[crashStep - 1] as number) * 0.25);
    expect(Math.max(...broken.slice(megaStep))).toBeGreaterThan(2 * cascade);
    expect(runTrace({ config: crash.config, algorithm: skype2010 }, crash.scenario, properties).failure?.property.name).toBe(
      'shedding-keeps-goodput',
    );
  });
});
