import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ProjectConfig, projectConfig, projectRootOf } from '../cli/configFile.ts';
import type { AllocationAlgorithm } from '../model/index.ts';

/** What `describeAlgorithm` may be told; anything left out comes from stormcheck.config.*, then from the defaults. */
export interface AlgorithmSuite {
  /** Presets to search, by name or JSON config (relative to the test file); default the config's, else `tiny` and `small`. */
  readonly presets?: readonly string[];
  /** Property names; default all. */
  readonly properties?: readonly string[];
  /** Runs per preset; default the config's, else 300. */
  readonly runs?: number;
  /** Default the config's, else 1: fixed, so that CI is deterministic. */
  readonly seed?: number;
  /**
   * The folder of counterexample files to replay and to store new ones in, relative to the test
   * file; default the config's `corpus`, else `counterexamples` at the project root. A folder named
   * here or in the config must exist and hold files.
   */
  readonly corpus?: string;
  /**
   * The module that exports the algorithm, relative to the test file: recorded in stored files so
   * that `stormcheck replay` can load it. Found without it when the config or the test file's own
   * imports name the module.
   */
  readonly module?: string;
}

/** Everything a suite needs, resolved against the test file and the config: never the working directory. */
export interface SuiteSettings {
  readonly testFile: string;
  /** The folder of the nearest package.json, where `npx stormcheck` runs. */
  readonly projectRoot: string;
  readonly config: ProjectConfig | null;
  readonly presets: readonly string[];
  readonly properties: readonly string[];
  readonly runs: number;
  readonly seed: number;
  readonly corpus: string;
  /** Whether the test file or the config named the corpus, so that a missing or empty folder is a failure. */
  readonly corpusNamed: boolean;
  /** The module that exports the algorithm, absolute, or null when it could not be told. */
  readonly module: string | null;
}

/** The test file vitest is collecting; stack frames are the fallback for a runner that does not say. */
function currentTestFile(testPath: string | undefined): string {
  if (testPath !== undefined) return testPath;
  const frame = new Error().stack?.split('\n').find((line) => /\.(test|spec)\.[cm]?[jt]s/.test(line));
  const path = frame?.match(/(?:file:\/\/)?(\/[^:]+\.[cm]?[jt]s)/)?.[1];
  if (path === undefined) throw new Error('stormcheck: describeAlgorithm could not tell which test file called it');
  return path;
}

/** The relative modules a file imports, absolute, in order: where the algorithm handed to the suite most likely lives. */
function importedModules(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/from\s+['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => resolve(dirname(file), m[1] ?? ''));
}

/**
 * The module whose `algorithm` or default export is this very object: vitest loads a module once,
 * so importing a candidate again gives the instance the test file holds.
 */
async function moduleExporting(algorithm: AllocationAlgorithm, candidates: readonly string[]): Promise<string | null> {
  for (const candidate of candidates) {
    if (!isAbsolute(candidate) || !existsSync(candidate) || !/\.[cm]?[jt]s$/.test(candidate)) continue;
    try {
      const exports = (await import(pathToFileURL(candidate).href)) as Record<string, unknown>;
      if (exports.algorithm === algorithm || exports.default === algorithm) return candidate;
    } catch {
      // a module that does not load here is not the one the test file loaded
    }
  }
  return null;
}

/** Resolves a suite's settings for the test file vitest is collecting (`testPath`, from `expect.getState()`). */
export async function suiteSettings(
  algorithm: AllocationAlgorithm,
  suite: AlgorithmSuite,
  testPath: string | undefined,
): Promise<SuiteSettings> {
  const testFile = currentTestFile(testPath);
  const here = dirname(testFile);
  const config = await projectConfig(here);
  const projectRoot = projectRootOf(here);
  const configSeed = config?.seed === 'fresh' ? Math.floor(Math.random() * 0x1_0000_0000) : config?.seed;
  const candidates = [
    ...(suite.module === undefined ? [] : [resolve(here, suite.module)]),
    ...(config?.algorithms ?? []),
    ...importedModules(testFile),
  ];
  return {
    testFile,
    projectRoot,
    config,
    // A preset given as a JSON config is a path like the corpus: relative to the test file.
    presets: suite.presets?.map((p) => (p.endsWith('.json') ? resolve(here, p) : p)) ?? config?.presets ?? ['tiny', 'small'],
    properties: suite.properties ?? config?.properties ?? [],
    runs: suite.runs ?? config?.runs ?? 300,
    seed: suite.seed ?? configSeed ?? 1,
    corpus: suite.corpus !== undefined ? resolve(here, suite.corpus) : (config?.corpus ?? join(projectRoot, 'counterexamples')),
    corpusNamed: suite.corpus !== undefined || config?.corpusNamed === true,
    module: await moduleExporting(algorithm, candidates),
  };
}

/** A command to run from the project root, as it must be typed from the working directory the tests ran in. */
export function fromProjectRoot(settings: SuiteSettings, command: string): string {
  const inside = relative(process.cwd(), settings.projectRoot);
  if (inside === '') return command;
  const root = inside.startsWith('..') ? settings.projectRoot : inside;
  return `(cd ${/^[\w./@%+=:,-]+$/.test(root) ? root : `'${root.replace(/'/g, "'\\''")}'`} && ${command})`;
}

/** A path as the project root sees it. */
export function inProject(settings: SuiteSettings, path: string): string {
  const inside = relative(settings.projectRoot, path);
  return inside.startsWith('..') ? path : inside;
}
