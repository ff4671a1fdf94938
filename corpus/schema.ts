import { z } from 'zod';

/**
 * The schemas of what users hand to stormcheck as files: a network configuration (a preset file)
 * and a counterexample. Validation happens here, once, with one clear message per problem;
 * nothing read from a file is ever executed.
 */

const count = z.number().int().min(0);
const positive = z.number().int().min(1);
const ordinal = z.number().int();
/**
 * A duration: the checker's quiet phase is a sum of these, so a bound the schema can state keeps a
 * run finite in practice (`bootTicks: 1e15` would otherwise pass, and run for ever); the presets use
 * at most 60.
 */
export const ticksMax = 10_000;
const ticks = positive.max(ticksMax);

export const nodeSpecSchema = z.strictObject({
  kind: z.enum(['bootstrap', 'user', 'mega']),
  isPublic: z.boolean(),
  capacity: count,
  uptimeInitial: count,
  historyInitial: count,
  wantsOnlineInitial: z.boolean(),
});

/** The most nodes a network may have: enough for an outage scenario cloned up to 10^4 nodes (`model/scale.ts`). */
export const nodesMax = 10_000;

const kindOrder = { bootstrap: 0, user: 1, mega: 2 } as const;

export const configSchema = z
  .strictObject({
    name: z.string().min(1),
    nodes: z.array(nodeSpecSchema).min(1).max(nodesMax),
    hostCacheMax: positive,
    uptimeMin: ticks,
    historyMin: ticks,
    bootTicks: ticks,
    restartTicks: ticks,
    warmupTicks: count.max(ticksMax),
    loginRate: positive,
    loginTimeoutTicks: ticks,
    backoffBaseTicks: ticks,
    backoffCapTicks: ticks,
    shedHighPercent: positive,
    probeCostPercent: count,
    joinCostPercent: count,
    targetRatio: positive,
    seed: z.number().int().min(0).max(0xffff_ffff),
  })
  .superRefine((config, ctx) => {
    if (!config.nodes.some((n) => n.kind === 'user')) ctx.addIssue({ code: 'custom', path: ['nodes'], message: 'has no user node' });
    config.nodes.forEach((n, i) => {
      const previous = config.nodes[i - 1];
      if (previous !== undefined && kindOrder[n.kind] < kindOrder[previous.kind]) {
        ctx.addIssue({
          code: 'custom',
          path: ['nodes', i, 'kind'],
          message: `${n.kind} after ${previous.kind}: nodes go bootstrap, then user, then mega`,
        });
      }
    });
    if (config.backoffCapTicks < config.backoffBaseTicks) {
      ctx.addIssue({ code: 'custom', path: ['backoffCapTicks'], message: 'is below backoffBaseTicks' });
    }
  });

export const eventSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('tick') }),
  z.strictObject({ kind: z.literal('quiet') }),
  z.strictObject({ kind: z.literal('reboot'), user: ordinal }),
  z.strictObject({ kind: z.literal('login'), user: ordinal }),
  z.strictObject({ kind: z.literal('logout'), user: ordinal }),
  z.strictObject({ kind: z.literal('patchStorm'), percent: count, windowTicks: count, biasSupernodes: z.boolean(), offset: ordinal }),
  z.strictObject({ kind: z.literal('crash'), supernodes: z.array(ordinal) }),
  z.strictObject({ kind: z.literal('usageSpike'), percent: count }),
  z.strictObject({ kind: z.literal('addMega'), count }),
]);

export const counterexampleFormat = 'stormcheck-counterexample';
/**
 * 2: the chain-reaction model (load from signalling, served users, settled starts) and the settle
 * phase in the file. 3: the random choices each event took (`draws`), and draws from one value that
 * no longer advance the stream.
 */
export const counterexampleVersion = 3;

export const counterexampleSchema = z.strictObject({
  format: z.literal(counterexampleFormat),
  version: z.literal(counterexampleVersion),
  property: z.string().min(1),
  algorithm: z.strictObject({
    name: z.string().min(1),
    /** A user's module, relative to the file's folder; null for a built-in. */
    module: z.string().min(1).nullable(),
    /** SHA-256 of the algorithm's source when the counterexample was found: tells a reviewer whether it changed since. */
    sourceHash: z.string(),
  }),
  explanation: z.string(),
  expect: z.enum(['violates', 'holds']),
  config: configSchema,
  /** Ticks of the settle phase before `events`: the run starts from the network settled under the algorithm (0: a cold start). */
  settleTicks: count,
  events: z.array(eventSchema).max(100_000),
  /**
   * For each event, the random choices its step took, in order (`Random.int` with a bound above 1):
   * replay takes these, so it is exact whichever search found the trace. One list per event.
   */
  draws: z.array(z.array(count).max(100_000)).max(100_000),
  violation: z.strictObject({ step: count, message: z.string(), nodes: z.array(count) }),
  /** Which kinds of event the violation needs (corpus/conditions.ts): derived, kept for reviewers. */
  conditions: z.strictObject({
    kinds: z.array(
      z.strictObject({
        kind: z.enum(['reboots', 'crash', 'usageSpike', 'login', 'logout', 'addMega']),
        needed: z.boolean(),
        searched: z.strictObject({ status: z.enum(['everyState', 'depth', 'breaks']), depth: count, states: count }).optional(),
      }),
    ),
    summary: z.string(),
  }),
  /** How it was found; metadata only, never needed to replay. */
  found: z.strictObject({
    tool: z.string(),
    fastCheck: z.string(),
    preset: z.string(),
    seed: z.number().int(),
    runs: count,
    fastCheckPath: z.string(),
    shrunkFrom: count,
  }),
});

export type CounterexampleFile = z.infer<typeof counterexampleSchema>;

/** The first problem zod found, as `field a.b.2.c: message`. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid';
  const path = issue.path.length === 0 ? '(top level)' : issue.path.map(String).join('.');
  return `field ${path}: ${issue.message}`;
}
