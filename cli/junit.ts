import type { CheckResult } from '../checker/result.ts';
import type { ExploreResult } from '../explorer/index.ts';
import type { Event } from '../model/index.ts';
import type { Property } from '../properties/property.ts';

/** What a CI reader needs of a stored counterexample: the rendered trace, where the file is, and how to replay it. */
export interface FailureDetail {
  readonly message: string;
  readonly trace: string;
  readonly file: string;
  readonly replay: string;
}

type Outcome =
  | { readonly kind: 'passed' }
  | { readonly kind: 'failed'; readonly failure: FailureDetail }
  | { readonly kind: 'skipped'; readonly message: string };

/** One test suite of a JUnit report: one search, one test case per property. */
export interface JunitSuite {
  readonly name: string;
  readonly classname: string;
  readonly elapsedMs: number;
  readonly cases: readonly { readonly name: string; readonly outcome: Outcome }[];
}

/** What names a search in a report: shards of one budget get suites of their own names. */
export interface SearchLabel {
  readonly command: 'check' | 'explore' | 'diff';
  readonly algorithm: string;
  readonly preset: string;
  /** `seed 1, shard 2/4` for a check, `depth 6` for an exploration. */
  readonly detail: string;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/**
 * A suite for a search. Every property is checked together after every step, so each case's time
 * is the search's. A search stops at its first violation or at a limit, and how far each property
 * got is not known here: the others are then reported as skipped, with why, never as passed.
 */
function suiteOf(label: SearchLabel, properties: readonly Property[], elapsedMs: number, outcomeOf: (p: Property) => Outcome): JunitSuite {
  return {
    name: `stormcheck ${label.command} ${label.algorithm} on ${label.preset}, ${label.detail}`,
    classname: `stormcheck.${label.command}.${label.algorithm}.${label.preset}`,
    elapsedMs,
    cases: properties.map((p) => ({ name: p.name, outcome: outcomeOf(p) })),
  };
}

/** The suite of one `check`: the violated property failed, the rest skipped when it stopped early. */
export function checkSuite(
  label: SearchLabel,
  result: CheckResult,
  properties: readonly Property[],
  failure: FailureDetail | null,
): JunitSuite {
  return suiteOf(label, properties, result.elapsedMs, (p): Outcome => {
    if (result.status === 'passed') {
      // A healing property whose premise no run reached judged nothing: not exercised, not passed.
      return result.exercised[p.name] === 0
        ? { kind: 'skipped', message: `not exercised: none of the ${result.runs} runs reached its premise` }
        : { kind: 'passed' };
    }
    if (result.status === 'limitReached')
      return { kind: 'skipped', message: `time limit reached after ${result.runs} of ${result.runsPlanned} runs` };
    if (p.name === result.counterexample.property && failure !== null) return { kind: 'failed', failure };
    return {
      kind: 'skipped',
      message: `the search stopped at the first violation (${result.counterexample.property}, run ${result.run + 1}); not checked to the full budget`,
    };
  });
}

/** The suite of one `explore`: the fixpoint or a level the budget completed (time, depth cap) is passed; a state or memory limit skips them all. */
export function exploreSuite(
  label: SearchLabel,
  result: ExploreResult<Event>,
  properties: readonly Property[],
  failure: FailureDetail | null,
): JunitSuite {
  return suiteOf(label, properties, result.elapsedMs, (p): Outcome => {
    if (result.status === 'passed' || (result.status === 'limitReached' && (result.limit === 'depth' || result.limit === 'time')))
      return { kind: 'passed' };
    if (result.status === 'limitReached') return { kind: 'skipped', message: `${result.limit} limit reached at depth ${result.depth}` };
    if (p.name === result.property && failure !== null) return { kind: 'failed', failure };
    return { kind: 'skipped', message: `the search stopped at the first violation (${result.property}, depth ${result.depth})` };
  });
}

function caseXml(suite: JunitSuite, c: JunitSuite['cases'][number]): string {
  const open = `    <testcase classname="${escapeXml(suite.classname)}" name="${escapeXml(c.name)}" time="${seconds(suite.elapsedMs)}">`;
  if (c.outcome.kind === 'passed') return `${open}</testcase>`;
  if (c.outcome.kind === 'skipped') return `${open}\n      <skipped message="${escapeXml(c.outcome.message)}"/>\n    </testcase>`;
  const { message, trace, file, replay } = c.outcome.failure;
  const body = `${trace}\n\nfile: ${file}\nreplay: ${replay}`;
  return `${open}\n      <failure message="${escapeXml(message)}" type="violation">${escapeXml(body)}</failure>\n    </testcase>`;
}

/** A JUnit document of one or more suites, as CI dashboards (GitHub, GitLab, Jenkins) read them. */
export function junitDocument(suites: readonly JunitSuite[]): string {
  const count = (suite: JunitSuite, kind: Outcome['kind']) => suite.cases.filter((c) => c.outcome.kind === kind).length;
  const total = (kind: Outcome['kind']) => suites.reduce((n, s) => n + count(s, kind), 0);
  const tests = suites.reduce((n, s) => n + s.cases.length, 0);
  const elapsed = suites.reduce((ms, s) => ms + s.elapsedMs, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites tests="${tests}" failures="${total('failed')}" skipped="${total('skipped')}" time="${seconds(elapsed)}">`,
    ...suites.flatMap((suite) => [
      `  <testsuite name="${escapeXml(suite.name)}" tests="${suite.cases.length}" failures="${count(suite, 'failed')}" skipped="${count(suite, 'skipped')}" time="${seconds(suite.elapsedMs)}">`,
      ...suite.cases.map((c) => caseXml(suite, c)),
      '  </testsuite>',
    ]),
    '</testsuites>',
    '',
  ].join('\n');
}
