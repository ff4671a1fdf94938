// A project's stormcheck.config.* names its algorithm, presets, budget, corpus and seed: `check` and
// `explore` use them from any folder of the project, a flag wins over the file, a bad file is one
// line naming its field (exit 2), and without a file the CLI says it is checking a built-in and
// keeps that built-in's counterexamples out of the project.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Captured, runCli } from './captured.ts';
import { findConfigFile, loadConfigFile } from './configFile.ts';
import { unaskedOut } from './configured.ts';

const repo = resolve(import.meta.dirname, '..');
let project = '';

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'stormcheck-config-'));
  writeFileSync(join(project, 'package.json'), '{"name":"user-project","type":"module"}');
  mkdirSync(join(project, 'src', 'deep'), { recursive: true });
  writeFileSync(
    join(project, 'src', 'mine.ts'),
    `import { healing } from '${repo}/algorithms/healing.ts';\nexport const algorithm = { ...healing, name: 'mine' };\n`,
  );
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** The CLI run in `cwd`, as a user in that folder of the project would run it. */
async function inFolder(cwd: string, argv: string[]): Promise<Captured> {
  const was = process.cwd();
  process.chdir(cwd);
  try {
    return await runCli(argv);
  } finally {
    process.chdir(was);
  }
}

function config(text: object, name = 'stormcheck.config.json'): string {
  const path = join(project, name);
  writeFileSync(path, JSON.stringify(text));
  return path;
}

describe('stormcheck.config.json', () => {
  it('is found from a subfolder, up to the project root and no further', () => {
    const path = config({ algorithm: './src/mine.ts' });
    expect(findConfigFile(join(project, 'src', 'deep'))).toBe(path);
    // The project root has a package.json: a file above it governs another project.
    expect(findConfigFile(join(project, '..'))).toBeNull();
  });

  it('names the algorithm, presets, budget, seed and corpus that check uses, with paths relative to the file', async () => {
    config({ algorithm: './src/mine.ts', presets: ['tiny'], runs: 7, seed: 5, corpus: 'ce' });
    const ran = await inFolder(join(project, 'src', 'deep'), ['check', '--json', '--no-progress']);
    expect(ran.err).toEqual([]);
    expect(ran.code).toBe(0);
    expect(JSON.parse(ran.out[0] ?? '')).toMatchObject({
      status: 'passed',
      algorithm: 'mine',
      preset: 'tiny',
      runs: 7,
      seed: 5,
      replay: 'npx stormcheck check --algorithm ../mine.ts --preset tiny --runs 7 --seed 5 --out ../../ce',
    });
  });

  it('gives way to a flag, and checks every algorithm and preset it names in turn', async () => {
    config({ algorithms: ['./src/mine.ts', 'canary'], presets: ['tiny'], runs: 5, corpus: 'ce' });
    const flagged = await inFolder(project, ['check', '--algorithm', 'healing', '--runs', '3', '--json', '--no-progress']);
    expect(JSON.parse(flagged.out[0] ?? '')).toMatchObject({ algorithm: 'healing', preset: 'tiny', runs: 3, seed: 1 });
    const both = await inFolder(project, ['check', '--no-progress']);
    expect(both.out.filter((line) => line.includes('== '))).toEqual(['== ./src/mine.ts on tiny', '\n== canary on tiny']);
    // The canary breaks, so the pair does; its counterexample goes to the configured corpus.
    expect(both.code).toBe(1);
    expect(readdirSync(join(project, 'ce')).some((f) => f.includes('--canary--'))).toBe(true);
  });

  it('rejects an unknown field, a wrong type and a file that names no algorithm in one line, exit 2', async () => {
    const cases: [object, string][] = [
      [{ algorithm: './src/mine.ts', run: 3 }, 'field (top level): Unrecognized key: "run"'],
      [{ algorithm: './src/mine.ts', seed: 'random' }, 'field seed: Invalid input'],
      [{ presets: ['tiny'] }, "field algorithm: names no algorithm (give 'algorithm' or 'algorithms')"],
    ];
    for (const [text, message] of cases) {
      const path = config(text);
      const ran = await inFolder(project, ['check', '--runs', '1']);
      expect(ran.err).toEqual([`stormcheck: ${path}: ${message}`]);
      expect(ran.code).toBe(2);
    }
  });

  it('may be TypeScript, typed by defineConfig', async () => {
    rmSync(join(project, 'stormcheck.config.json'));
    const path = join(project, 'stormcheck.config.ts');
    writeFileSync(
      path,
      `import { defineConfig } from '${repo}/index.ts';\nexport default defineConfig({ algorithm: './src/mine.ts', presets: ['small'], seed: 'fresh' });\n`,
    );
    expect(await loadConfigFile(path)).toMatchObject({ algorithms: [join(project, 'src', 'mine.ts')], presets: ['small'], seed: 'fresh' });
    rmSync(path);
  });
});

describe('without a configuration file', () => {
  it("says that it checks a built-in, and stores the built-in's counterexample outside the project", async () => {
    const bare = mkdtempSync(join(tmpdir(), 'stormcheck-bare-'));
    writeFileSync(join(bare, 'package.json'), '{"name":"bare"}');
    const ran = await inFolder(bare, ['check', '--preset', 'tiny', '--runs', '50', '--seed', '1', '--no-progress']);
    expect(ran.err[0]).toBe(
      `stormcheck: no stormcheck.config.{ts,js,json} here or above: checking the built-in skype-2007 (name your algorithm with --algorithm or in stormcheck.config.json); its counterexamples go to ${unaskedOut}`,
    );
    expect(ran.code).toBe(1);
    expect(existsSync(join(bare, 'counterexamples'))).toBe(false);
    expect(ran.out.join('\n')).toMatch(new RegExp(`(wrote |already stored by an earlier run, nothing new written: )${unaskedOut}/`));
    rmSync(bare, { recursive: true, force: true });
  });
});
