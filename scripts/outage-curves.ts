// Redraws docs/outages.svg, the README's picture of the scenarios beside the record; a test
// (report/outageCurves.test.ts) fails when the committed picture no longer matches the model.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { outageCurvesSvg } from '../report/outageCurves.ts';

const docs = join(import.meta.dirname, '..', 'docs');
const target = join(docs, 'outages.svg');
writeFileSync(`${target}.tmp`, outageCurvesSvg(readFileSync(join(docs, 'outage-timelines.csv'), 'utf8')));
renameSync(`${target}.tmp`, target);
console.log(`wrote ${target}`);
