import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ReplayOutcome } from '../corpus/replay.ts';
import type { CounterexampleFile } from '../corpus/schema.ts';
import { renderMarkdown, renderText } from '../report/renderText.ts';
import type { Io } from './context.ts';
import { type GitHubOutcome, reportToGitHub } from './githubSummary.ts';
import { type FailureDetail, type JunitSuite, junitDocument, type SearchLabel } from './junit.ts';
import { shellQuoted } from './shellWord.ts';

/** One search's result, as `check` and `explore` hand it to the CI reports once its counterexample, if any, is stored. */
export interface CiReport {
  readonly label: SearchLabel;
  readonly status: GitHubOutcome['status'];
  readonly verdict: string;
  /** The suite, given the failure's details (null when nothing was violated). */
  readonly suite: (failure: FailureDetail | null) => JunitSuite;
  /** The algorithm's module (absolute), or null for a built-in. */
  readonly module: string | null;
  readonly stored: { readonly record: CounterexampleFile; readonly outcome: ReplayOutcome; readonly path: string } | null;
}

/** Reports other than counterexamples may be replaced, but never left half-written; their folder is made if need be (`--junit reports/x.xml`). */
export function writeReplacing(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** A stored counterexample as the CI reports show it. */
export type StoredCounterexample = NonNullable<CiReport['stored']>;

function failureOf(stored: StoredCounterexample): FailureDetail {
  return {
    message: `${stored.record.violation.message} after ${stored.record.violation.step} events`,
    trace: renderText(stored.record, stored.outcome),
    file: stored.path,
    replay: `npx stormcheck replay ${shellQuoted(stored.path)}`,
  };
}

/** What the job summary and the annotation show of a stored counterexample of the algorithm in `module`. */
export function gitHubFailure(stored: StoredCounterexample, module: string | null): NonNullable<GitHubOutcome['failure']> {
  return { ...failureOf(stored), property: stored.record.property, markdown: renderMarkdown(stored.record, stored.outcome), module };
}

/** The JUnit file `--junit` asks for, and on GitHub Actions the job summary and annotations. */
export function reportToCi(flags: { readonly junit?: string; readonly json?: boolean }, report: CiReport, io: Io): void {
  const { stored } = report;
  if (flags.junit !== undefined) writeReplacing(flags.junit, junitDocument([report.suite(stored === null ? null : failureOf(stored))]));
  const failure = stored === null ? null : gitHubFailure(stored, report.module);
  reportToGitHub({ label: report.label, status: report.status, verdict: report.verdict, failure }, io, flags.json === true);
}
