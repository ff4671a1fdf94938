import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import type { Command } from 'commander';
import { exitCodes, InputError } from '../io/inputError.ts';
import { resolveJob } from './checkJob.ts';
import { type ProjectConfig, projectConfig } from './configFile.ts';
import type { Io } from './context.ts';

/** The flags of `check` and `explore` that a configuration file can supply. */
export interface ConfigurableFlags {
  readonly algorithm: string;
  readonly preset: string;
  readonly property?: string[];
  readonly out: string;
  readonly json?: boolean;
  readonly junit?: string;
  readonly runs?: number;
  readonly seed?: number;
  readonly depthMax?: number;
}

/** Where a built-in's counterexamples go when nobody asked for that built-in: never the user's corpus. */
export const unaskedOut = join(tmpdir(), 'stormcheck-built-in-counterexamples');

/** Worst first: an input error outweighs a violation, which outweighs a search cut short. */
const severity: readonly number[] = [exitCodes.input, exitCodes.violated, exitCodes.limit, exitCodes.passed];

function worse(a: number, b: number): number {
  return severity.indexOf(a) <= severity.indexOf(b) ? a : b;
}

/** A configured module path as the user would type it from here, so that printed commands run as printed. */
function asTyped(spec: string, cwd: string): string {
  if (!isAbsolute(spec)) return spec;
  const path = relative(cwd, spec);
  return path.startsWith('..') || isAbsolute(path) ? path : `./${path}`;
}

/**
 * Runs `check` or `explore` as the project's `stormcheck.config.*` says, for every algorithm and
 * preset it names; a flag given on the command line wins over the file. Without a file, and without
 * `--algorithm`, the command says that it is checking a built-in and stores that built-in's
 * counterexamples outside the project, so that a user's corpus only ever holds what was asked for.
 */
export async function runConfigured<F extends ConfigurableFlags>(
  command: Command,
  flags: F,
  io: Io,
  run: (flags: F) => Promise<number>,
): Promise<number> {
  const given = (name: string) => command.getOptionValueSource(name) === 'cli';
  const cwd = process.cwd();
  const config = await projectConfig(cwd);
  if (config === null) return runUnconfigured(flags, given, io, run);
  const algorithms = given('algorithm') ? [flags.algorithm] : config.algorithms.map((a) => asTyped(a, cwd));
  const presets = given('preset') ? [flags.preset] : config.presets.map((p) => asTyped(p, cwd));
  const combinations = algorithms.flatMap((algorithm) => presets.map((preset) => ({ algorithm, preset })));
  if (combinations.length > 1 && flags.json === true) {
    throw new InputError(
      `--json: ${config.file} names ${combinations.length} algorithm and preset pairs; choose one with --algorithm and --preset for one JSON object`,
    );
  }
  let code: number = exitCodes.passed;
  for (const [i, combination] of combinations.entries()) {
    if (combinations.length > 1) io.out(`${i === 0 ? '' : '\n'}== ${combination.algorithm} on ${combination.preset}`);
    const configured = { ...flags, ...combination, ...fromConfig(config, flags, given) };
    const junit = flags.junit === undefined || combinations.length === 1 ? {} : { junit: numbered(flags.junit, i + 1) };
    code = worse(code, await run({ ...configured, ...junit }));
  }
  return code;
}

/** What the file supplies beyond the algorithm and the preset, where no flag was given. */
function fromConfig(config: ProjectConfig, flags: ConfigurableFlags, given: (name: string) => boolean): Partial<ConfigurableFlags> {
  return {
    ...(flags.property === undefined && config.properties.length > 0 ? { property: [...config.properties] } : {}),
    ...(given('out') ? {} : { out: asTyped(config.corpus, process.cwd()) }),
    ...(given('runs') || config.runs === null ? {} : { runs: config.runs }),
    ...(flags.seed !== undefined || config.seed === 'fresh' ? {} : { seed: config.seed }),
    ...(given('depthMax') || config.depthMax === null ? {} : { depthMax: config.depthMax }),
  };
}

/** `report.xml` as `report-2.xml`: one JUnit file per algorithm and preset. */
function numbered(path: string, n: number): string {
  return /\.xml$/.test(path) ? path.replace(/\.xml$/, `-${n}.xml`) : `${path}-${n}`;
}

async function runUnconfigured<F extends ConfigurableFlags>(
  flags: F,
  given: (name: string) => boolean,
  io: Io,
  run: (flags: F) => Promise<number>,
): Promise<number> {
  if (given('algorithm')) return run(flags);
  // A bad flag is reported on its own, before the notice.
  await resolveJob({ algorithm: flags.algorithm, preset: flags.preset, properties: flags.property ?? [], cwd: process.cwd() });
  const out = given('out') ? flags.out : unaskedOut;
  io.err(
    `stormcheck: no stormcheck.config.{ts,js,json} here or above: checking the built-in ${flags.algorithm}` +
      ` (name your algorithm with --algorithm or in stormcheck.config.json)${given('out') ? '' : `; its counterexamples go to ${out}`}`,
  );
  return run({ ...flags, out });
}
