import { describeEvent, type Event } from '../model/index.ts';

/** A trace in one line, runs of ticks folded: `tick×21 usageSpike(151%) tick`. */
export function describeEvents(events: readonly Event[]): string {
  const parts: string[] = [];
  let ticks = 0;
  const flush = () => {
    if (ticks > 0) parts.push(ticks === 1 ? 'tick' : `tick×${ticks}`);
    ticks = 0;
  };
  for (const event of events) {
    if (event.kind === 'tick') {
      ticks++;
      continue;
    }
    flush();
    parts.push(describeEvent(event));
  }
  flush();
  return parts.join(' ');
}
