import type { ReplayOutcome } from '../corpus/replay.ts';
import type { CounterexampleFile } from '../corpus/schema.ts';
import { writeReport } from '../io/writeReport.ts';
import { renderMarkdown, renderText } from '../report/renderText.ts';
import type { Io } from './context.ts';
import { type GitHubOutcome, reportToGitHub } from './githubSummary.ts';
import { type FailureDetail, type JunitSuite, junitDocument, type SearchLabel } from './junit.ts';
import { replayCommandLine } from './shellWord.ts';

/** One search's result, as `check` and `explore` hand it to the CI reports once its counterexample, if any, is stored. */
export interface CiReport {
  readonly label: SearchLabel;
  readonly status: GitHubOutcome['status'];
  readonly verdict: string;
  /** The suite, given the failure's details (null when nothing was violated). */
  readonly suite: (failure: FailureDetail | null) => JunitSuite;
  /** The algorithm's module (absolute), or null for a built-in. */
  readonly module: string | null;
  /** The counterexample found; its path is null when it could not be stored (storeFinding.ts: said on stderr, printed on stdout). */
  readonly stored: { readonly record: CounterexampleFile; readonly outcome: ReplayOutcome; readonly path: string | null } | null;
}

/** A stored counterexample as the CI reports show it. */
export type StoredCounterexample = NonNullable<CiReport['stored']>;

function failureOf(stored: StoredCounterexample, module: string | null): FailureDetail {
  return {
    message: `${stored.record.violation.message} after ${stored.record.violation.step} events`,
    trace: renderText(stored.record, stored.outcome),
    file: stored.path ?? 'not stored',
    replay: stored.path === null ? 'not stored: the events are in the trace above' : replayCommandLine(stored.path, module),
  };
}

/** What the job summary and the annotation show of a stored counterexample of the algorithm in `module`. */
export function gitHubFailure(stored: StoredCounterexample, module: string | null): NonNullable<GitHubOutcome['failure']> {
  return {
    ...failureOf(stored, module),
    property: stored.record.property,
    markdown: renderMarkdown(stored.record, stored.outcome, {
      fresh: true,
      ...(stored.path === null ? {} : { replayCommand: replayCommandLine(stored.path, module) }),
    }),
    module,
  };
}

/**
 * The JUnit file `--junit` asks for, and on GitHub Actions the job summary and annotations. Called
 * only once the counterexample, if any, is stored; the report is written durably, its folder made if
 * need be, and a failure to write it is one InputError naming `--junit`.
 */
export function reportToCi(flags: { readonly junit?: string; readonly json?: boolean }, report: CiReport, io: Io): void {
  const { stored } = report;
  if (flags.junit !== undefined) {
    writeReport(flags.junit, junitDocument([report.suite(stored === null ? null : failureOf(stored, report.module))]), '--junit', {
      makeFolder: true,
    });
  }
  const failure = stored === null ? null : gitHubFailure(stored, report.module);
  reportToGitHub({ label: report.label, status: report.status, verdict: report.verdict, failure }, io, flags.json === true);
}
