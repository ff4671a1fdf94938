/**
 * Pins the terminal and Markdown renderings of one shipped counterexample line by line: the heading,
 * the story, the table with its node-named events, the legend, and the Markdown's conditions, replay
 * command and collapsed per-node detail.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { skype2007 } from '../algorithms/index.ts';
import { loadCounterexample } from '../corpus/load.ts';
import { replayCounterexample } from '../corpus/replay.ts';
import { renderMarkdown, renderText } from './renderText.ts';

const record = loadCounterexample(join(import.meta.dirname, '..', 'counterexamples', 'bounded-reconnection--skype-2007--22586e29.json'));
const outcome = replayCounterexample(record, skype2007, null);

describe('renderText', () => {
  it('renders a stored file: heading, story, verdict, table, legend, the nodes that matter', () => {
    expect(renderText(record, outcome).split('\n')).toEqual([
      'bounded-reconnection · skype-2007 · settled in 61 ticks, then 45 events · stored as a known bug',
      'After a settle phase of 61 ticks, 2 of 2 users online under supernode node 0 (bootstrap). Then node 1 (user 0) rebooted and traffic rose to 114% of normal: 1 of 2 user machines went down, none of them a supernode; the quiet phase began at step 3. Node 0 (bootstrap) admitted a child and shed it in the same tick, 42 times. Node 1 (user 0) was not served for 41 ticks (since step 4), while node 2 (user 1) was eligible to be a supernode and was not promoted. Necessary conditions: it needs reboots + a usage spike: the property holds without either (searched: without reboots, all 2 reachable states hold; without a usage spike, every interleaving of up to 6 events holds (49 states)). So bounded-reconnection (L1) breaks at step 45: 1 of 2 users not online after 42 quiet ticks: 1. The property: When the machines suffice for everyone, every user who wants to be online is served within the bound. Its bound is max(bootTicks, restartTicks) + historyMin + loginTimeoutTicks + warmupTicks + (hostCacheMax + 2) * backoffCapTicks + ceil(users / loginRate) + 2 = 42 ticks of quiet.',
      'replay: violated at step 45: 1 of 2 users not online after 42 quiet ticks: 1 (node 1 (user 0))',
      '',
      '   step  tick  event               SN up  warm  online  opt  waiting  login  booting',
      '      0    61  settle ×61              1     0       2    2        0      0        0',
      '      1    61  reboot(node 1, u0)      1     0       1    1        0      0        1',
      '      2    61  usageSpike(114%)        1     0       1    1        0      0        1',
      '      3    61  quiet                   1     0       1    1        0      0        1',
      '      4    62  tick                    1     0       1    2        1      0        0',
      '   … 39 unchanged steps …',
      '     44   102  tick                    1     0       1    2        1      0        0',
      '>>   45   103  tick                    1     0       1    2        1      0        0',
      '',
      '   step     events applied after the settle phase; 0 is the network as the settle phase left it',
      "   tick     the model's clock",
      '   event    what happened; a user event names the node it hit beside the ordinal the file holds: reboot(node 1, u0)',
      '   SN up    usable supernodes: up and past their warm-up',
      '   warm     supernodes still warming up, not yet taking children',
      '   online   users served: user supernodes, and ordinary users whose supernode serves them this tick',
      "   opt      the most users a centralized allocator could have online with the machines up now; it moves on a plain tick when a machine finishes booting, or when a user's history reaches historyMin and it may serve",
      '   waiting  users connecting: up, with no supernode, probing or waiting to retry',
      '   login    users a supernode admitted, waiting in the login queue (the queue holds exactly these)',
      '   booting  users whose machine is rebooting or whose client is restarting',
      '',
      '   nodes that matter (the offending ones, their parents and host caches, every supernode):',
      '   node 0 (bootstrap), public, capacity 2 (1 at 114% usage); host cache at the end: empty. step 0: supernode of node 1 (user 0), node 2 (user 1); step 1: supernode of node 2 (user 1)',
      '   node 1 (user 0), behind NAT, capacity 1 (0 at 114% usage); host cache at the end: empty. step 0: ordinary under node 0 (bootstrap); step 1: rebooting; step 4: connecting',
    ]);
  });

  it('heads a fresh finding without an expectation', () => {
    expect(renderText(record, outcome, { fresh: true }).split('\n')[0]).toBe(
      'bounded-reconnection · skype-2007 · settled in 61 ticks, then 45 events',
    );
  });
});

describe('renderMarkdown', () => {
  it('renders for a pull request: story, table, columns, conditions, replay command, per-node detail collapsed', () => {
    expect(renderMarkdown(record, outcome, { replayCommand: 'npx stormcheck replay x.json' }).split('\n')).toEqual([
      '### bounded-reconnection · skype-2007 · settled in 61 ticks, then 45 events · stored as a known bug',
      '',
      '> After a settle phase of 61 ticks, 2 of 2 users online under supernode node 0 (bootstrap). Then node 1 (user 0) rebooted and traffic rose to 114% of normal: 1 of 2 user machines went down, none of them a supernode; the quiet phase began at step 3. Node 0 (bootstrap) admitted a child and shed it in the same tick, 42 times. Node 1 (user 0) was not served for 41 ticks (since step 4), while node 2 (user 1) was eligible to be a supernode and was not promoted. Necessary conditions: it needs reboots + a usage spike: the property holds without either (searched: without reboots, all 2 reachable states hold; without a usage spike, every interleaving of up to 6 events holds (49 states)). So bounded-reconnection (L1) breaks at step 45: 1 of 2 users not online after 42 quiet ticks: 1. The property: When the machines suffice for everyone, every user who wants to be online is served within the bound. Its bound is max(bootTicks, restartTicks) + historyMin + loginTimeoutTicks + warmupTicks + (hostCacheMax + 2) * backoffCapTicks + ceil(users / loginRate) + 2 = 42 ticks of quiet.',
      '> replay: violated at step 45: 1 of 2 users not online after 42 quiet ticks: 1 (node 1 (user 0))',
      '',
      '| step | tick | event | SN up | warm | online | opt | waiting | login | booting |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      '| 0 | 61 | settle ×61 | 1 | 0 | 2 | 2 | 0 | 0 | 0 |',
      '| 1 | 61 | reboot(node 1, u0) | 1 | 0 | 1 | 1 | 0 | 0 | 1 |',
      '| 2 | 61 | usageSpike(114%) | 1 | 0 | 1 | 1 | 0 | 0 | 1 |',
      '| 3 | 61 | quiet | 1 | 0 | 1 | 1 | 0 | 0 | 1 |',
      '| 4 | 62 | tick | 1 | 0 | 1 | 2 | 1 | 0 | 0 |',
      '| | | _… 39 unchanged steps …_ | | | | | | | |',
      '| 44 | 102 | tick | 1 | 0 | 1 | 2 | 1 | 0 | 0 |',
      '| **45** | **103** | **tick** | **1** | **0** | **1** | **2** | **1** | **0** | **0** |',
      '',
      "Columns: **step** events applied after the settle phase; 0 is the network as the settle phase left it; **tick** the model's clock; **event** what happened; a user event names the node it hit beside the ordinal the file holds: reboot(node 1, u0); **SN up** usable supernodes: up and past their warm-up; **warm** supernodes still warming up, not yet taking children; **online** users served: user supernodes, and ordinary users whose supernode serves them this tick; **opt** the most users a centralized allocator could have online with the machines up now; it moves on a plain tick when a machine finishes booting, or when a user's history reaches historyMin and it may serve; **waiting** users connecting: up, with no supernode, probing or waiting to retry; **login** users a supernode admitted, waiting in the login queue (the queue holds exactly these); **booting** users whose machine is rebooting or whose client is restarting.",
      '',
      '**Necessary conditions:** it needs reboots + a usage spike: the property holds without either (searched: without reboots, all 2 reachable states hold; without a usage spike, every interleaving of up to 6 events holds (49 states)).',
      '',
      '```sh',
      'npx stormcheck replay x.json',
      '```',
      '',
      '<details><summary>Per node: role changes and host cache</summary>',
      '',
      '- **node 0 (bootstrap)**, public, capacity 2 (1 at 114% usage); host cache at the end: empty. step 0: supernode of node 1 (user 0), node 2 (user 1); step 1: supernode of node 2 (user 1)',
      '- **node 1 (user 0)**, behind NAT, capacity 1 (0 at 114% usage); host cache at the end: empty. step 0: ordinary under node 0 (bootstrap); step 1: rebooting; step 4: connecting',
      '- **node 2 (user 1)**, public, capacity 2 (1 at 114% usage); host cache at the end: node 0. step 0: ordinary under node 0 (bootstrap)',
      '- **node 3 (mega)**, public, capacity 6 (5 at 114% usage); host cache at the end: empty. step 0: offline',
      '- **node 4 (mega)**, public, capacity 6 (5 at 114% usage); host cache at the end: empty. step 0: offline',
      '',
      '</details>',
    ]);
  });
});
