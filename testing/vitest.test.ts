// describeAlgorithm works as the README writes it, in a project with no vitest config, run from a
// working directory outside the project: it sets its own timeouts, stores a failure's
// counterexample where `check` would and prints a replay command that runs as printed, names a
// changed algorithm source, turns red when a fixed bug comes back, and fails, never skips, when a
// configured corpus folder is missing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '..');
let project = '';
let elsewhere = '';

interface TestOutcome {
  readonly title: string;
  readonly status: string;
  readonly failureMessages: string[];
}

/** `vitest run` of the project from another folder, with vitest's defaults; what each test did. */
function vitest(): { code: number | null; tests: TestOutcome[] } {
  const ran = spawnSync(
    process.execPath,
    [join(repo, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', project, '--reporter=json'],
    {
      cwd: elsewhere,
      encoding: 'utf8',
      timeout: 300_000,
    },
  );
  const report = JSON.parse(ran.stdout) as { testResults: { assertionResults: TestOutcome[] }[] };
  return { code: ran.status, tests: report.testResults.flatMap((r) => r.assertionResults) };
}

const buggy =
  'admit: (view, s) => isUsableSupernode(view.state, s), plan: (view, memory, random) => ({ ...healing.plan(view, memory, random), shed: [] })';

function algorithm(body: string): void {
  writeFileSync(
    join(project, 'alg.ts'),
    `import { type AllocationAlgorithm, healing, isUsableSupernode } from '${repo}/index.ts';\nexport const usable = isUsableSupernode;\nexport const algorithm: AllocationAlgorithm = { ...healing, name: 'admit-all', ${body} };\n`,
  );
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'stormcheck-vitest-'));
  elsewhere = mkdtempSync(join(tmpdir(), 'stormcheck-elsewhere-'));
  writeFileSync(join(project, 'package.json'), '{"name":"user-project","type":"module"}');
  writeFileSync(
    join(project, 'stormcheck.test.ts'),
    `import { describeAlgorithm } from '${repo}/testing/vitest.ts';\nimport { algorithm } from './alg.ts';\n\ndescribeAlgorithm(algorithm, { presets: ['tiny'], runs: 300 });\n`,
  );
});
afterAll(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(elsewhere, { recursive: true, force: true });
});

describe('describeAlgorithm in a project of its own', () => {
  let file = '';

  it('stores a failure in the project corpus and prints a replay command that runs as printed', () => {
    algorithm(buggy);
    const { code, tests } = vitest();
    expect(code).toBe(1);
    const [search] = tests;
    expect(search).toMatchObject({ title: 'holds 16 properties on tiny, 300 runs, seed 1', status: 'failed' });
    const [stored] = readdirSync(join(project, 'counterexamples'));
    file = join(project, 'counterexamples', stored ?? '');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      algorithm: { name: 'admit-all', module: '../alg.ts' },
      expect: 'violates',
    });
    const message = search?.failureMessages.join('\n') ?? '';
    const replay = message.match(/^replay: (\(cd .+)$/m)?.[1] ?? '';
    expect(replay).toBe(`(cd ${project} && npx stormcheck replay counterexamples/${stored} --algorithm ./alg.ts)`);
    // As printed, from where vitest ran, with this checkout's stormcheck standing in for npx's.
    const printed = replay.replace('npx stormcheck', `node ${join(repo, 'bin', 'stormcheck.js')}`);
    const replayed = spawnSync(printed, { cwd: elsewhere, encoding: 'utf8', shell: true });
    expect({ code: replayed.status, err: replayed.stderr }).toEqual({ code: 1, err: '' });
    expect(replayed.stdout).toContain('replay: violated at step');
    expect(message).toMatch(/^search again: \(cd .+ && npx stormcheck check --algorithm \.\/alg\.ts --preset tiny --runs 300 --seed 1\)$/m);
  });

  it('names a changed algorithm source when a stored violation no longer replays', () => {
    algorithm("description: 'fixed'");
    const { code, tests } = vitest();
    expect(code).toBe(1);
    const replay = tests.find((t) => t.title.startsWith('replays counterexamples/'));
    expect(replay?.status).toBe('failed');
    expect(replay?.failureMessages.join('\n')).toContain("the algorithm's source changed since the file was recorded");
  });

  it('is green once the file expects the fix, and red from another folder when the bug comes back', () => {
    writeFileSync(file, readFileSync(file, 'utf8').replace('"expect": "violates"', '"expect": "holds"'));
    const fixed = vitest();
    expect(fixed.tests.map((t) => t.status)).toEqual(['passed', 'passed']);
    expect(fixed.code).toBe(0);
    algorithm(buggy);
    const broken = vitest();
    expect(broken.code).toBe(1);
    expect(broken.tests.find((t) => t.title.startsWith('replays '))?.status).toBe('failed');
  });

  it('fails, rather than skips, when the configured corpus folder is missing', () => {
    algorithm("description: 'fixed'");
    writeFileSync(join(project, 'stormcheck.config.json'), JSON.stringify({ algorithm: './alg.ts', corpus: 'no-such-folder' }));
    const { code, tests } = vitest();
    expect(code).toBe(1);
    expect(tests.find((t) => t.title === 'replays no-such-folder')).toMatchObject({
      status: 'failed',
      failureMessages: [expect.stringContaining(`the corpus folder ${join(project, 'no-such-folder')} does not exist`)],
    });
    rmSync(join(project, 'stormcheck.config.json'));
  });
});
