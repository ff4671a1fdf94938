// A team adopts stormcheck as the README and examples/ tell it, in a fresh project built from the
// packed tarball: the README's vitest snippet passes with vitest's defaults; the cycle of the CI
// section (check finds a bug, fix it, the file expects "holds", commit) leaves a corpus that
// the example workflow's steps, run one by one, keep green, writing the job summary and JUnit
// files; a reintroduced bug turns the guard red from another working directory; and diff catches
// a regression in a copy of the algorithm and stores its counterexample.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { admitsAll, must, sh, type UserProject, userAlgorithm, userProject } from './e2eProject.ts';

let project: UserProject;

const fixed = userAlgorithm("name: 'my-algorithm', description: 'healing, as a user would start'");
const buggy = userAlgorithm(admitsAll.replace("name: 'admit-all'", "name: 'my-algorithm'"));

beforeAll(() => {
  project = userProject(inject('tarball'), { extra: ['vitest', 'typescript@5'] });
  project.write('my-algorithm.ts', fixed);
});
afterAll(() => project?.remove());

/** The `run:` steps of each job of a workflow written one step to a line, as examples/github-actions.yml is. */
function workflowSteps(yaml: string): Map<string, string[]> {
  const jobs = new Map<string, string[]>();
  let job = '';
  let inJobs = false;
  for (const line of yaml.split('\n')) {
    if (/^jobs:\s*$/.test(line)) inJobs = true;
    const name = inJobs ? /^ {2}([\w-]+):\s*$/.exec(line)?.[1] : undefined;
    if (name !== undefined) {
      job = name;
      jobs.set(job, []);
    }
    const run = /^\s+(?:- )?run: (.+)$/.exec(line)?.[1];
    if (run !== undefined && job !== '') jobs.get(job)?.push(run);
  }
  return jobs;
}

/** What GitHub would put for each expression the workflow uses: a pull request onto main, run 7. */
const context = (shard: string) => ({ 'matrix.shard': shard, 'github.base_ref': 'main', 'github.run_number': '7' });

describe("a team's first ten minutes", () => {
  it("passes the README's vitest snippet as written, with no vitest config and vitest's default timeouts", () => {
    const readme = readFileSync(join(project.root, 'node_modules', 'stormcheck', 'README.md'), 'utf8');
    const snippet = /```ts\n([^`]*describeAlgorithm\(algorithm\)[^`]*)```/.exec(readme)?.[1];
    expect(snippet).toBeDefined();
    project.write('stormcheck.test.ts', snippet ?? '');
    const ran = sh(project.root, 'npx', ['vitest', 'run'], { NO_COLOR: '1' });
    expect(ran.out + ran.err).not.toMatch(/timed out/i);
    expect(ran.out).toMatch(/Tests +2 passed \(2\)/);
    expect(ran.code).toBe(0);
  });

  it("finds, fixes and commits a bug as the CI section says; the example workflow's steps then run green with a job summary and JUnit", () => {
    project.write(
      'stormcheck.config.json',
      JSON.stringify({ algorithm: './my-algorithm.ts', presets: ['tiny', 'small'], runs: 200, seed: 1, corpus: 'counterexamples' }),
    );
    project.write('.gitignore', 'node_modules/\nreports/\n');
    project.write('my-algorithm.ts', buggy);
    const found = project.stormcheck(['check', '--no-progress']);
    expect(found.code).toBe(1);
    const corpus = join(project.root, 'counterexamples');
    const files = readdirSync(corpus);
    expect(files.length).toBeGreaterThan(0);
    project.write('my-algorithm.ts', fixed);
    for (const file of files) {
      const path = join(corpus, file);
      writeFileSync(path, readFileSync(path, 'utf8').replace('"expect": "violates"', '"expect": "holds"'));
    }
    // The project as a repository with its base branch on a remote, as a pull request sees it.
    const git = (...args: string[]) => must(project.root, 'git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', ...args]);
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-qm', 'stormcheck guards my-algorithm');
    const origin = join(project.root, '..', 'origin.git');
    must(project.root, 'git', ['clone', '-q', '--bare', project.root, origin]);
    git('remote', 'add', 'origin', origin);

    const summary = join(project.root, '..', 'step-summary.md');
    writeFileSync(summary, '');
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: project.root };
    const yaml = readFileSync(join(project.root, 'node_modules', 'stormcheck', 'examples', 'github-actions.yml'), 'utf8');
    const jobs = workflowSteps(yaml);
    expect([...jobs.keys()]).toEqual(['search', 'corpus', 'diff', 'explore-further']);
    let installed = false;
    for (const [job, steps] of jobs) {
      for (const shard of job === 'search' ? ['1', '2', '3', '4'] : ['']) {
        for (const step of steps) {
          // Each job installs on a machine of its own; here one install serves them all.
          if (step === 'npm ci' && installed) continue;
          installed ||= step === 'npm ci';
          const command = Object.entries(context(shard)).reduce((text, [name, value]) => text.replaceAll(`\${{ ${name} }}`, value), step);
          expect(command).not.toContain('{{');
          const ran = sh(project.root, 'sh', ['-c', command], env);
          expect({ job, command, code: ran.code, err: ran.code === 0 ? '' : ran.out + ran.err }).toEqual({
            job,
            command,
            code: 0,
            err: '',
          });
        }
      }
    }
    const markdown = readFileSync(summary, 'utf8');
    for (const shard of ['1', '2', '3', '4']) {
      expect(markdown).toContain(`### ✅ stormcheck check my-algorithm on tiny, seed 1, shard ${shard}/4`);
      expect(markdown).toContain(`### ✅ stormcheck check my-algorithm on small, seed 1, shard ${shard}/4`);
    }
    expect(markdown).toContain('### ✅ stormcheck check my-algorithm on tiny, seed 7');
    expect(markdown).toMatch(
      /### ✅ stormcheck diff my-algorithm on tiny, small, 200 runs, seed 1, against \S+my-algorithm\.ts at origin\/main/,
    );
    const reports = readdirSync(join(project.root, 'reports')).sort();
    expect(reports).toEqual([
      'further-1.xml',
      'further-2.xml',
      ...['1', '2', '3', '4'].flatMap((s) => [`search-${s}-1.xml`, `search-${s}-2.xml`]),
      'vitest.xml',
    ]);
    for (const report of reports)
      expect(readFileSync(join(project.root, 'reports', report), 'utf8')).toMatch(/<testsuites [^>]*failures="0"/);
    // The corpus replay ran inside the vitest step: one test per stored file.
    expect(
      readFileSync(join(project.root, 'reports', 'vitest.xml'), 'utf8').match(/<testcase [^>]*name="[^"]*replays counterexamples\//g),
    ).toHaveLength(files.length);
  });

  it('turns the replay guard red from another working directory when the bug comes back', () => {
    project.write('my-algorithm.ts', buggy);
    const elsewhere = mkdtempSync(join(tmpdir(), 'stormcheck-elsewhere-'));
    const ran = sh(elsewhere, 'npx', ['--prefix', project.root, 'vitest', 'run', '--root', project.root], { NO_COLOR: '1' });
    rmSync(elsewhere, { recursive: true, force: true });
    project.write('my-algorithm.ts', fixed);
    expect(ran.code).toBe(1);
    expect(ran.out).not.toMatch(/skipped/);
    expect(ran.out).toMatch(/replays counterexamples\/\S+: \S+ holds/);
  });

  it("catches a regression in a copy of the user's algorithm with diff, and stores its counterexample", () => {
    project.write('my-algorithm-next.ts', buggy);
    const out = join(project.root, 'diff-found');
    mkdirSync(out);
    const ran = project.stormcheck(['diff', '--base', './my-algorithm.ts', '--head', './my-algorithm-next.ts', '--out', out, '--json']);
    expect(ran.code).toBe(1);
    const report = JSON.parse(ran.out) as { status: string; regressions: { file: string }[] };
    expect(report.status).toBe('regressed');
    expect(report.regressions.length).toBeGreaterThan(0);
    const stored = JSON.parse(readFileSync(report.regressions[0]?.file ?? '', 'utf8')) as { algorithm: { module: string } };
    expect(stored.algorithm.module).toBe('../my-algorithm-next.ts');
  });
});
