import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { firstIssue } from '../corpus/schema.ts';
import { InputError } from '../io/inputError.ts';

/** The names a configuration file may have, in the order they are looked for in one folder. */
export const configFileNames = [
  'stormcheck.config.ts',
  'stormcheck.config.mts',
  'stormcheck.config.js',
  'stormcheck.config.mjs',
  'stormcheck.config.json',
];

const positive = z.number().int().min(1);

/**
 * What `stormcheck.config.{ts,js,json}` may say. Every path in it is relative to the file itself,
 * so that the CLI and a test file find the same algorithm and corpus from any working directory.
 */
export const configFileSchema = z
  .strictObject({
    /** The algorithm under test: a module path, or a built-in's name. */
    algorithm: z.string().min(1).optional(),
    /** Several algorithms, each checked in turn. */
    algorithms: z.array(z.string().min(1)).min(1).optional(),
    /** Presets by name or JSON config path; default `tiny` and `small`. */
    presets: z.array(z.string().min(1)).min(1).optional(),
    /** Property names; default all. */
    properties: z.array(z.string().min(1)).optional(),
    /** Runs per algorithm and preset, for `check`, `diff` and the vitest suites. */
    runs: positive.optional(),
    /** The seed policy: a fixed seed (default 1, so that CI is deterministic), or `"fresh"` for a new one each time. */
    seed: z.union([z.number().int().min(0).max(0xffff_ffff), z.literal('fresh')]).optional(),
    /** The folder of counterexample files: where `check` stores them and what the suites replay; default `counterexamples`. */
    corpus: z.string().min(1).optional(),
    /** `explore`'s depth bound. */
    depthMax: positive.optional(),
  })
  .refine((c) => c.algorithm === undefined || c.algorithms === undefined, { message: "give 'algorithm' or 'algorithms', not both" });

/** What a user writes in `stormcheck.config.ts`: `export default defineConfig({ algorithm: './my-algorithm.ts' })`. */
export type StormcheckConfig = z.input<typeof configFileSchema>;

/** Types a configuration written in TypeScript or JavaScript; returns it as it is. */
export function defineConfig(config: StormcheckConfig): StormcheckConfig {
  return config;
}

/** A configuration file, read and validated, with its paths made absolute. */
export interface ProjectConfig {
  readonly file: string;
  /** Absolute module paths, or built-in names. */
  readonly algorithms: readonly string[];
  readonly presets: readonly string[];
  readonly properties: readonly string[];
  readonly runs: number | null;
  readonly seed: number | 'fresh';
  /** Absolute. */
  readonly corpus: string;
  /** Whether the file named the corpus itself, so that files are expected there. */
  readonly corpusNamed: boolean;
  readonly depthMax: number | null;
}

/**
 * The configuration file that governs `from`: the first `stormcheck.config.*` in `from` or a folder
 * above it, up to the project root (the first folder with a package.json) and no further.
 */
export function findConfigFile(from: string): string | null {
  for (let folder = resolve(from); ; folder = dirname(folder)) {
    const found = configFileNames.map((name) => join(folder, name)).find((path) => existsSync(path));
    if (found !== undefined) return found;
    if (existsSync(join(folder, 'package.json')) || dirname(folder) === folder) return null;
  }
}

/** The project root that governs `folder`: the nearest folder at or above it with a package.json, else `folder` itself. */
export function projectRootOf(folder: string): string {
  for (let at = resolve(folder); ; at = dirname(at)) {
    if (existsSync(join(at, 'package.json'))) return at;
    if (dirname(at) === at) return resolve(folder);
  }
}

/** A path in the file, made absolute; a built-in's name (no slash, no extension) stays a name. */
function pathIn(file: string, spec: string): string {
  const looksLikePath = /[/\\]/.test(spec) || /\.(ts|mts|js|mjs|json)$/.test(spec);
  return looksLikePath && !isAbsolute(spec) ? resolve(dirname(file), spec) : spec;
}

async function contentsOf(file: string): Promise<unknown> {
  try {
    if (file.endsWith('.json')) return JSON.parse(readFileSync(file, 'utf8'));
    const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
    return module.default;
  } catch (error) {
    throw new InputError(
      `${file}: cannot read the configuration: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
  }
}

/** Reads and validates a configuration file; every problem is one `InputError` naming the file and the field. */
export async function loadConfigFile(file: string): Promise<ProjectConfig> {
  const parsed = configFileSchema.safeParse(await contentsOf(file));
  if (!parsed.success) throw new InputError(`${file}: ${firstIssue(parsed.error)}`);
  const c = parsed.data;
  const algorithms = c.algorithms ?? (c.algorithm === undefined ? [] : [c.algorithm]);
  if (algorithms.length === 0) throw new InputError(`${file}: field algorithm: names no algorithm (give 'algorithm' or 'algorithms')`);
  return {
    file,
    algorithms: algorithms.map((a) => pathIn(file, a)),
    presets: (c.presets ?? ['tiny', 'small']).map((p) => pathIn(file, p)),
    properties: c.properties ?? [],
    runs: c.runs ?? null,
    seed: c.seed ?? 1,
    corpus: resolve(dirname(file), c.corpus ?? 'counterexamples'),
    corpusNamed: c.corpus !== undefined,
    depthMax: c.depthMax ?? null,
  };
}

/** The configuration that governs `from`, or null when there is none. */
export async function projectConfig(from: string): Promise<ProjectConfig | null> {
  const file = findConfigFile(from);
  return file === null ? null : loadConfigFile(file);
}
