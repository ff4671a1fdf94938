import type { Counterexample } from '../checker/result.ts';
import { propertyNamed } from '../properties/registry.ts';
import { type CounterexampleFile, counterexampleFormat, counterexampleVersion } from './schema.ts';

/** Where a counterexample came from: metadata kept in the file, never needed to replay it. */
export interface Provenance {
  readonly tool: string;
  readonly fastCheck: string;
  readonly preset: string;
  readonly seed: number;
  readonly runs: number;
  readonly fastCheckPath: string;
  readonly shrunkFrom: number;
}

/** The file for a freshly found counterexample: a documented bug, so it is expected to violate. */
export function counterexampleRecord(
  counterexample: Counterexample,
  algorithm: { readonly module: string | null; readonly sourceHash: string },
  found: Provenance,
): CounterexampleFile {
  const meaning = propertyNamed(counterexample.property)?.meaning ?? '';
  const { conditions } = counterexample;
  return {
    format: counterexampleFormat,
    version: counterexampleVersion,
    property: counterexample.property,
    algorithm: { name: counterexample.algorithm, module: algorithm.module, sourceHash: algorithm.sourceHash },
    explanation: `${counterexample.algorithm} breaks ${counterexample.property} (${meaning.replace(/\.$/, '')}) after ${counterexample.step} events past the settle phase: ${counterexample.message}`,
    expect: 'violates',
    config: counterexample.config as CounterexampleFile['config'],
    settleTicks: counterexample.settleTicks,
    events: [...counterexample.events] as CounterexampleFile['events'],
    draws: counterexample.draws.map((d) => [...d]),
    violation: { step: counterexample.step, message: counterexample.message, nodes: [...counterexample.nodes] },
    conditions: { kinds: [...conditions.kinds], summary: conditions.summary },
    found,
  };
}

/**
 * The file's text: JSON, with each event and each node on a line of its own, so that a diff of
 * two counterexamples reads event by event.
 */
export function formatRecord(record: CounterexampleFile): string {
  const oneLineEach = (items: readonly unknown[]) => `[\n${items.map((x) => `    ${JSON.stringify(x)}`).join(',\n')}\n  ]`;
  const { config, events, draws, ...rest } = record;
  const head = JSON.stringify(rest, null, 2).replace(/\n}$/, '');
  // `"nodes": []` can only be the key: inside a JSON string its quotes would be escaped.
  const configText = JSON.stringify({ ...config, nodes: [] }, null, 4)
    .replace(
      '"nodes": []',
      `"nodes": ${oneLineEach(config.nodes)
        .replace(/\n {4}/g, '\n      ')
        .replace(/\n {2}\]$/, '\n    ]')}`,
    )
    .replace(/\n}$/, '\n  }');
  return `${head},\n  "config": ${configText},\n  "events": ${oneLineEach(events)},\n  "draws": ${oneLineEach(draws)}\n}\n`;
}

/** The part of a counterexample that identifies it: the same bug found twice has the same key. */
export function identityOf(record: CounterexampleFile): string {
  return JSON.stringify([record.algorithm.name, record.property, record.config, record.settleTicks, record.events, record.draws]);
}
