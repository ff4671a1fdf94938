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

const record = loadCounterexample(join(import.meta.dirname, '..', 'counterexamples', 'bounded-reconnection--skype-2007--9a0abcd7.json'));
const outcome = replayCounterexample(record, skype2007, null);

describe('renderText', () => {
  it('renders a stored file: heading, story, verdict, table, legend, the nodes that matter', () => {
    expect(renderText(record, outcome).split('\n')).toEqual([
      'bounded-reconnection · skype-2007 · settled in 61 ticks, then 47 events · stored as a known bug',
      'After a settle phase of 61 ticks, 2 of 2 users online under supernode node 0 (bootstrap). Then traffic rose to 151% of normal and node 2 (user 1) rebooted: 1 of 2 user machines went down, including 1 supernode: node 2 (user 1); the quiet phase began at step 5. Node 0 (bootstrap) was overloaded at step 1 (up to 151% of its capacity; it can take 150%), node 0 (bootstrap) shed 42 children (41 in the tick it admitted them) and node 2 (user 1) became a supernode at step 3. Node 2 (user 1) was not served for 41 ticks (since step 6), and no other node had room to serve it. Necessary conditions: it needs a usage spike + reboots: the property holds without either (searched: without a usage spike, every interleaving of up to 6 events holds (49 states); without reboots, every interleaving of up to 6 events holds (12 states)). So bounded-reconnection (L1) breaks at step 47: 1 of 2 users not online after 42 quiet ticks: 2. The property: When the machines suffice for everyone, every user who wants to be online is served within the bound. Its bound is max(bootTicks, restartTicks) + historyMin + loginTimeoutTicks + warmupTicks + (hostCacheMax + 2) * backoffCapTicks + ceil(users / loginRate) + 2 = 42 ticks of quiet.',
      'replay: violated at step 47: 1 of 2 users not online after 42 quiet ticks: 2 (node 2 (user 1))',
      '',
      '   step  tick  event               SN up  warm  online  opt  waiting  login  booting',
      '      0    61  settle ×61              1     0       2    2        0      0        0',
      '      1    61  usageSpike(151%)        1     0       1    2        0      0        0',
      '      2    62  tick                    1     0       1    2        1      0        0',
      '      3    63  tick                    1     1       2    2        0      0        0',
      '      4    63  reboot(node 2, u1)      1     0       1    1        0      0        1',
      '      5    63  quiet                   1     0       1    1        0      0        1',
      '      6    64  tick                    1     0       1    2        1      0        0',
      '   … 39 unchanged steps …',
      '     46   104  tick                    1     0       1    2        1      0        0',
      '>>   47   105  tick                    1     0       1    2        1      0        0',
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
      '   node 0 (bootstrap), public, capacity 2 (1 at 151% usage); host cache at the end: empty. step 0: supernode of node 1 (user 0), node 2 (user 1); step 2: supernode of node 1 (user 0)',
      '   node 2 (user 1), public, capacity 2 (1 at 151% usage); host cache at the end: empty. step 0: ordinary under node 0 (bootstrap); step 2: connecting; step 3: supernode of no one; step 4: rebooting; step 6: connecting',
    ]);
  });

  it('heads a fresh finding without an expectation', () => {
    expect(renderText(record, outcome, { fresh: true }).split('\n')[0]).toBe(
      'bounded-reconnection · skype-2007 · settled in 61 ticks, then 47 events',
    );
  });
});

describe('renderMarkdown', () => {
  it('renders for a pull request: story, table, columns, conditions, replay command, per-node detail collapsed', () => {
    expect(renderMarkdown(record, outcome, { replayCommand: 'npx stormcheck replay x.json' }).split('\n')).toEqual([
      '### bounded-reconnection · skype-2007 · settled in 61 ticks, then 47 events · stored as a known bug',
      '',
      '> After a settle phase of 61 ticks, 2 of 2 users online under supernode node 0 (bootstrap). Then traffic rose to 151% of normal and node 2 (user 1) rebooted: 1 of 2 user machines went down, including 1 supernode: node 2 (user 1); the quiet phase began at step 5. Node 0 (bootstrap) was overloaded at step 1 (up to 151% of its capacity; it can take 150%), node 0 (bootstrap) shed 42 children (41 in the tick it admitted them) and node 2 (user 1) became a supernode at step 3. Node 2 (user 1) was not served for 41 ticks (since step 6), and no other node had room to serve it. Necessary conditions: it needs a usage spike + reboots: the property holds without either (searched: without a usage spike, every interleaving of up to 6 events holds (49 states); without reboots, every interleaving of up to 6 events holds (12 states)). So bounded-reconnection (L1) breaks at step 47: 1 of 2 users not online after 42 quiet ticks: 2. The property: When the machines suffice for everyone, every user who wants to be online is served within the bound. Its bound is max(bootTicks, restartTicks) + historyMin + loginTimeoutTicks + warmupTicks + (hostCacheMax + 2) * backoffCapTicks + ceil(users / loginRate) + 2 = 42 ticks of quiet.',
      '> replay: violated at step 47: 1 of 2 users not online after 42 quiet ticks: 2 (node 2 (user 1))',
      '',
      '| step | tick | event | SN up | warm | online | opt | waiting | login | booting |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      '| 0 | 61 | settle ×61 | 1 | 0 | 2 | 2 | 0 | 0 | 0 |',
      '| 1 | 61 | usageSpike(151%) | 1 | 0 | 1 | 2 | 0 | 0 | 0 |',
      '| 2 | 62 | tick | 1 | 0 | 1 | 2 | 1 | 0 | 0 |',
      '| 3 | 63 | tick | 1 | 1 | 2 | 2 | 0 | 0 | 0 |',
      '| 4 | 63 | reboot(node 2, u1) | 1 | 0 | 1 | 1 | 0 | 0 | 1 |',
      '| 5 | 63 | quiet | 1 | 0 | 1 | 1 | 0 | 0 | 1 |',
      '| 6 | 64 | tick | 1 | 0 | 1 | 2 | 1 | 0 | 0 |',
      '| | | _… 39 unchanged steps …_ | | | | | | | |',
      '| 46 | 104 | tick | 1 | 0 | 1 | 2 | 1 | 0 | 0 |',
      '| **47** | **105** | **tick** | **1** | **0** | **1** | **2** | **1** | **0** | **0** |',
      '',
      "Columns: **step** events applied after the settle phase; 0 is the network as the settle phase left it; **tick** the model's clock; **event** what happened; a user event names the node it hit beside the ordinal the file holds: reboot(node 1, u0); **SN up** usable supernodes: up and past their warm-up; **warm** supernodes still warming up, not yet taking children; **online** users served: user supernodes, and ordinary users whose supernode serves them this tick; **opt** the most users a centralized allocator could have online with the machines up now; it moves on a plain tick when a machine finishes booting, or when a user's history reaches historyMin and it may serve; **waiting** users connecting: up, with no supernode, probing or waiting to retry; **login** users a supernode admitted, waiting in the login queue (the queue holds exactly these); **booting** users whose machine is rebooting or whose client is restarting.",
      '',
      '**Necessary conditions:** it needs a usage spike + reboots: the property holds without either (searched: without a usage spike, every interleaving of up to 6 events holds (49 states); without reboots, every interleaving of up to 6 events holds (12 states)).',
      '',
      '```sh',
      'npx stormcheck replay x.json',
      '```',
      '',
      '<details><summary>Per node: role changes and host cache</summary>',
      '',
      '- **node 0 (bootstrap)**, public, capacity 2 (1 at 151% usage); host cache at the end: empty. step 0: supernode of node 1 (user 0), node 2 (user 1); step 2: supernode of node 1 (user 0)',
      '- **node 1 (user 0)**, behind NAT, capacity 1 (0 at 151% usage); host cache at the end: node 0. step 0: ordinary under node 0 (bootstrap)',
      '- **node 2 (user 1)**, public, capacity 2 (1 at 151% usage); host cache at the end: empty. step 0: ordinary under node 0 (bootstrap); step 2: connecting; step 3: supernode of no one; step 4: rebooting; step 6: connecting',
      '- **node 3 (mega)**, public, capacity 6 (3 at 151% usage); host cache at the end: empty. step 0: offline',
      '- **node 4 (mega)**, public, capacity 6 (3 at 151% usage); host cache at the end: empty. step 0: offline',
      '',
      '</details>',
    ]);
  });
});
