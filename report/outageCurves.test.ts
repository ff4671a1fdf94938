// The README's picture is what the model draws today: the committed docs/outages.svg equals a fresh
// rendering of the two scenarios beside the record, and the record is read as the CSV says.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outageCurvesSvg, recordOf } from './outageCurves.ts';

const docs = join(import.meta.dirname, '..', 'docs');
const csv = readFileSync(join(docs, 'outage-timelines.csv'), 'utf8');

describe('the outage curves', () => {
  it('read the record as a share of its first row, by the hour', () => {
    const record = recordOf(csv, '2007').map((p) => [Math.round(p.hours * 100) / 100, Math.round(p.percent)]);
    expect(record).toEqual([
      [0, 100],
      [4, 6],
      [14.25, 3],
      [30.75, 57],
      [32, 55],
      [35, 109],
      [39, 11],
      [58, 100],
    ]);
    expect(() => recordOf(csv, '1999')).toThrow(/no rows for 1999/);
  });

  it('are the committed picture (npm run outage-curves redraws it)', () => {
    expect(readFileSync(join(docs, 'outages.svg'), 'utf8')).toBe(outageCurvesSvg(csv));
  });
});
