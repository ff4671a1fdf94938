import { InvalidArgumentError } from 'commander';
import type { Shard } from '../checker/check.ts';
import { configSchema, firstIssue } from '../corpus/schema.ts';
import { alphabetKinds } from '../explorer/index.ts';
import { InputError } from '../io/inputError.ts';
import { readJsonFile } from '../io/readInput.ts';
import { type EventKind, type Preset, presetNamed, presets, usagePercentMax, usagePercentMin } from '../model/index.ts';

/** Flag value parsers: each rejects a bad value with a message commander prefixes with the flag. */

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`'${value}' is not a positive integer`);
  return n;
}

export function countValue(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`'${value}' is not a non-negative integer`);
  return n;
}

export function seedValue(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 0xffff_ffff) throw new InvalidArgumentError(`'${value}' is not an integer from 0 to 4294967295`);
  return n;
}

export function shardValue(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || index < 1 || index > count) throw new InvalidArgumentError(`'${value}' is not i/n with 1 ≤ i ≤ n`);
  return { index, count };
}

/** Event kinds of the explorer's alphabet, comma-separated: `tick,usageSpike`. */
export function eventKindsValue(value: string): EventKind[] {
  const kinds = value.split(',').map((k) => k.trim());
  const unknown = kinds.find((k) => !alphabetKinds.includes(k as EventKind));
  if (unknown !== undefined) {
    throw new InvalidArgumentError(`'${unknown}' is not an event kind of the explorer's alphabet (${alphabetKinds.join(', ')})`);
  }
  return kinds as EventKind[];
}

/** Usage levels in percent, comma-separated: `150,200,400`. */
export function usagePercentsValue(value: string): number[] {
  return value.split(',').map((p) => {
    const n = Number(p.trim());
    if (!/^\d+$/.test(p.trim()) || n < usagePercentMin || n > usagePercentMax) {
      throw new InvalidArgumentError(`'${p}' is not an integer percent from ${usagePercentMin} to ${usagePercentMax}`);
    }
    return n;
  });
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** A preset by name, or a JSON file holding a `Config` (a network without a scripted scenario). */
export function loadPreset(spec: string): { name: string; preset: Preset } {
  const named = presetNamed(spec);
  if (named !== undefined) return { name: spec, preset: named };
  if (!spec.endsWith('.json')) {
    throw new InputError(
      `--preset: unknown preset '${spec}'; presets are ${Object.keys(presets).join(', ')}, or give a path to a JSON config`,
    );
  }
  const json = readJsonFile(spec, `--preset: ${spec}`);
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) throw new InputError(`--preset: ${spec}: ${firstIssue(parsed.error)}`);
  return { name: spec, preset: { config: parsed.data, description: `network from ${spec}`, scenario: [] } };
}
