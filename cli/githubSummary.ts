import { appendFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import type { Io } from './context.ts';
import type { FailureDetail, SearchLabel } from './junit.ts';

/** What GitHub Actions is told of one search: its verdict and, for a violation, the stored counterexample. */
export interface GitHubOutcome {
  readonly label: SearchLabel;
  readonly status: 'passed' | 'violated' | 'limitReached';
  /** The verdict line the terminal shows. */
  readonly verdict: string;
  readonly failure:
    | (FailureDetail & {
        readonly property: string;
        /** The trace as Markdown, for the job summary. */
        readonly markdown: string;
        /** The algorithm's module (absolute), which the annotation points at; null for a built-in. */
        readonly module: string | null;
      })
    | null;
}

/** A workflow command's data, escaped as the runner expects (`%`, CR and LF; also `:` and `,` in properties). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A path as the annotation wants it: relative to the checkout, where GitHub shows the file. */
function inWorkspace(path: string, env: NodeJS.ProcessEnv): string {
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const inside = relative(workspace, path);
  return inside.startsWith('..') || isAbsolute(inside) ? path : inside;
}

/**
 * On GitHub Actions: a Markdown section in the job summary (`$GITHUB_STEP_SUMMARY`) for every
 * search, and for a violation an `::error` annotation on the algorithm's file (the counterexample's
 * for a built-in) with the property, the message and the replay command. Elsewhere nothing.
 * Annotations go to stderr when stdout must stay one JSON object; the runner reads both.
 */
export function reportToGitHub(outcome: GitHubOutcome, io: Io, json: boolean, env: NodeJS.ProcessEnv = process.env): void {
  const { label, failure } = outcome;
  const title = `stormcheck ${label.command} ${label.algorithm} on ${label.preset}, ${label.detail}`;
  if (env.GITHUB_STEP_SUMMARY !== undefined && env.GITHUB_STEP_SUMMARY !== '') {
    const mark = outcome.status === 'passed' ? '✅' : outcome.status === 'violated' ? '❌' : '⏱️';
    const lines = [`### ${mark} ${title}`, '', outcome.verdict, ''];
    if (failure !== null) {
      lines.push(
        `**${failure.property}**: ${failure.message}`,
        '',
        `<details><summary>the trace, step by step</summary>`,
        '',
        failure.markdown,
        '',
        '</details>',
        '',
        `Stored as \`${failure.file}\`. Replay it with:`,
        '',
        '```sh',
        failure.replay,
        '```',
        '',
      );
    }
    appendFileSync(env.GITHUB_STEP_SUMMARY, `${lines.join('\n')}\n`);
  }
  if (env.GITHUB_ACTIONS === 'true' && failure !== null) {
    const file = inWorkspace(failure.module ?? failure.file, env);
    const command = `::error file=${escapeProperty(file)},title=${escapeProperty(`${failure.property} broken (${title})`)}::${escapeData(`${failure.message}\nreplay: ${failure.replay}`)}`;
    (json ? io.err : io.out)(command);
  }
}
