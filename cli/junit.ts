import type { CheckResult } from '../checker/result.ts';
import type { Property } from '../properties/property.ts';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A JUnit report of one check: a test case per property, the violated one failed, for CI dashboards. */
export function junitReport(result: CheckResult, algorithm: string, properties: readonly Property[]): string {
  const violated = result.status === 'violated' ? result.counterexample.property : null;
  const cases = properties.map((p) => {
    const open = `    <testcase classname="stormcheck.${escapeXml(algorithm)}" name="${escapeXml(p.name)}" time="0">`;
    if (p.name === violated && result.status === 'violated') {
      const message = `${result.counterexample.message} after ${result.counterexample.step} events`;
      return `${open}\n      <failure message="${escapeXml(message)}">${escapeXml(JSON.stringify(result.counterexample.events))}</failure>\n    </testcase>`;
    }
    if (result.status === 'limitReached')
      return `${open}\n      <skipped message="time limit reached after ${result.runs} runs"/>\n    </testcase>`;
    return `${open}</testcase>`;
  });
  const failures = violated === null ? 0 : 1;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites tests="${properties.length}" failures="${failures}" time="${(result.elapsedMs / 1000).toFixed(3)}">`,
    `  <testsuite name="stormcheck ${escapeXml(algorithm)} seed ${result.seed}" tests="${properties.length}" failures="${failures}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
