/**
 * Everything that can happen to the network, as data. Events address users by an ordinal that is
 * taken modulo the number of users (`userAt`), and supernodes by an ordinal into the current list
 * of user supernodes, so every event is meaningful in every state and stays so after shrinking.
 * An event that does not apply in a state (a login of a user already online, a reboot during the
 * quiet phase) is a no-op: `step` returns the very same state object.
 */
export type Event =
  /** One unit of time passes: timers, log-ins, connection attempts and the algorithm's plan. */
  | { readonly kind: 'tick' }
  /** One user's machine reboots ([D] 2007: Windows Update restarts). */
  | { readonly kind: 'reboot'; readonly user: number }
  /**
   * `percent` of the running user machines reboot, spread over `windowTicks` ticks; with
   * `biasSupernodes`, supernodes and long-uptime machines go first ([D] 2007 trigger; the bias is
   * [H]: a machine left running for days is both a likely supernode and one that has pending patches).
   */
  | {
      readonly kind: 'patchStorm';
      readonly percent: number;
      readonly windowTicks: number;
      readonly biasSupernodes: boolean;
      readonly offset: number;
    }
  /** The clients of these user supernodes crash and restart ([D] 2010: 25–30% of supernodes). */
  | { readonly kind: 'crash'; readonly supernodes: readonly number[] }
  | { readonly kind: 'login'; readonly user: number }
  | { readonly kind: 'logout'; readonly user: number }
  /** The day's traffic per client becomes `percent` of normal ([D] 2007: "the day's traffic patterns"). */
  | { readonly kind: 'usageSpike'; readonly percent: number }
  /** The operator deploys up to `count` dedicated supernodes from the mega slots ([D] 2010 recovery). */
  | { readonly kind: 'addMega'; readonly count: number }
  /** From here on no disruptive event applies: the network must heal on its own. */
  | { readonly kind: 'quiet' };

export type EventKind = Event['kind'];

export const eventKinds: readonly EventKind[] = [
  'tick',
  'reboot',
  'patchStorm',
  'crash',
  'login',
  'logout',
  'usageSpike',
  'addMega',
  'quiet',
];

/** Usage is kept between normal and eight times normal; a spike outside is clamped. */
export const usagePercentMin = 100;
export const usagePercentMax = 800;

/** The usage a spike to `percent` sets: truncated, and clamped to the range above. */
export function clampUsage(percent: number): number {
  return Math.min(usagePercentMax, Math.max(usagePercentMin, Math.trunc(percent)));
}

/** One line per event, for traces: `reboot(u3)`, `patchStorm(60%, 4t, sn-first, +1)`. */
export function describeEvent(event: Event): string {
  switch (event.kind) {
    case 'tick':
    case 'quiet':
      return event.kind;
    case 'reboot':
    case 'login':
    case 'logout':
      return `${event.kind}(u${event.user})`;
    case 'patchStorm':
      return `patchStorm(${event.percent}%, ${event.windowTicks}t, ${event.biasSupernodes ? 'sn-first' : 'any'}, +${event.offset})`;
    case 'crash':
      return `crash(sn ${event.supernodes.join(',')})`;
    case 'usageSpike':
      return `usageSpike(${event.percent}%)`;
    case 'addMega':
      return `addMega(${event.count})`;
  }
}

/**
 * The integer fields of each kind, and their smallest values; every other field is checked below.
 * Ordinals may be negative: they are taken modulo a population, so any integer names someone.
 */
const anyInteger = Number.MIN_SAFE_INTEGER;
const integerFields: { readonly [K in EventKind]: Readonly<Record<string, number>> } = {
  tick: {},
  quiet: {},
  reboot: { user: anyInteger },
  login: { user: anyInteger },
  logout: { user: anyInteger },
  patchStorm: { percent: 0, windowTicks: 0, offset: anyInteger },
  crash: {},
  usageSpike: { percent: 0 },
  addMega: { count: 0 },
};
/** The same as lists, made once: `eventProblem` runs on every step, and `Object.entries` there showed in profiles. */
const integerFieldLists: Readonly<Record<string, readonly (readonly [string, number])[]>> = Object.fromEntries(
  Object.entries(integerFields).map(([kind, fields]) => [kind, Object.entries(fields)]),
);

/**
 * Why `event` is malformed, or null. Shrunk traces are always well formed; this guards events
 * written by hand or read from a file, which `applies` then treats as no-ops rather than crashing.
 */
export function eventProblem(event: Event): string | null {
  if (!Object.hasOwn(integerFields, event?.kind)) return `unknown event kind ${JSON.stringify(event?.kind)}`;
  for (const [field, min] of integerFieldLists[event.kind] ?? []) {
    const value = (event as unknown as Record<string, unknown>)[field];
    if (!Number.isSafeInteger(value) || (value as number) < min)
      return `${event.kind}.${field} is ${JSON.stringify(value)}, not an integer${min === anyInteger ? '' : ` ≥ ${min}`}`;
  }
  if (event.kind === 'patchStorm' && typeof event.biasSupernodes !== 'boolean') return 'patchStorm.biasSupernodes is not a boolean';
  if (event.kind === 'crash' && !(Array.isArray(event.supernodes) && event.supernodes.every((k) => Number.isSafeInteger(k)))) {
    return 'crash.supernodes is not a list of integers';
  }
  return null;
}
