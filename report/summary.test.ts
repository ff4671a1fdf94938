/**
 * Pins the story every rendering starts with, for each shipped counterexample: the paragraph is
 * worked out from the replayed states, so a change to the model, an algorithm or the wording shows
 * here as a changed sentence, to be read and accepted, not as a silent drift of the reports.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { algorithmNamed } from '../algorithms/index.ts';
import { loadCounterexample } from '../corpus/load.ts';
import { replayCounterexample } from '../corpus/replay.ts';
import { counterexampleFiles } from '../corpus/store.ts';
import { algorithm as leastLoaded } from '../examples/my-algorithm.ts';
import { summaryParagraph } from './summary.ts';

const root = join(import.meta.dirname, '..');

/** Each shipped file and its paragraph; the example's module is imported here, as its own test does. */
const pinned: readonly (readonly [string, string])[] = [
  [
    'counterexamples/bounded-reconnection--b1-uptime-gated--f48c4316.json',
    'After a settle phase of 61 ticks, 2 of 2 users online under supernode node 0 (bootstrap). Then node 2 (user 1) rebooted and traffic rose to 101% of normal: 1 of 2 user machines went down, none of them a supernode; the quiet phase began at step 3. Node 2 (user 1) was not served for 41 ticks (since step 4), and no other node had room to serve it. Necessary conditions: it needs reboots + a usage spike: the property holds without either (searched: without reboots, all 2 reachable states hold; without a usage spike, every interleaving of up to 6 events holds (49 states)). So bounded-reconnection (L1) breaks at step 45: 1 of 2 users not online after 42 quiet ticks: 2. The property: When the machines suffice for everyone, every user who wants to be online is served within the bound. Its bound is max(bootTicks, restartTicks) + historyMin + loginTimeoutTicks + warmupTicks + (hostCacheMax + 2) * backoffCapTicks + ceil(users / loginRate) + 2 = 42 ticks of quiet.',
  ],
  [
    'counterexamples/bounded-reconnection--skype-2007--5a661795.json',
    'After a settle phase of 61 ticks, 4 of 4 users online under supernodes node 0 (bootstrap) and node 1 (bootstrap). Then traffic rose to 101% of normal, node 2 (user 0) rebooted and node 3 (user 1) rebooted: 2 of 4 user machines went down, including 1 supernode: node 3 (user 1); the quiet phase began at step 5. Node 0 (bootstrap) was overloaded at step 8 (up to 175.5% of its capacity; it can take 150%), node 1 (bootstrap) was overloaded in 90 steps from step 7 (up to 175.5% of its capacity; it can take 150%), node 1 (bootstrap) admitted a child and shed it in the same tick, 90 times and node 3 (user 1) became a supernode at step 3 and node 5 (user 3) became a supernode at step 6. Node 3 (user 1) was not served for 90 ticks (since step 6), and no other node had room to serve it. Necessary conditions: it needs a usage spike + reboots: the property holds without either (searched: without a usage spike, every interleaving of up to 4 events holds (300 states); without reboots, all 2 reachable states hold). So bounded-reconnection (L1) breaks at step 96: 1 of 4 users not online after 91 quiet ticks: 3. The property: When the machines suffice for everyone, every user who wants to be online is served within the bound. Its bound is max(bootTicks, restartTicks) + historyMin + loginTimeoutTicks + warmupTicks + (hostCacheMax + 2) * backoffCapTicks + ceil(users / loginRate) + 2 = 91 ticks of quiet.',
  ],
  [
    'counterexamples/bounded-reconnection--skype-2007--62db1294.json',
    'After a settle phase of 61 ticks, 4 of 4 users online under supernodes node 0 (bootstrap) and node 1 (bootstrap). Then traffic rose to 101% of normal, node 2 (user 0) rebooted and node 3 (user 1) rebooted: 2 of 4 user machines went down, including 1 supernode: node 3 (user 1); the quiet phase began at step 5. Node 0 (bootstrap) was overloaded at step 8 (up to 175.5% of its capacity; it can take 150%), node 1 (bootstrap) was overloaded in 90 steps from step 7 (up to 175.5% of its capacity; it can take 150%), node 1 (bootstrap) admitted a child and shed it in the same tick, 90 times and node 3 (user 1) became a supernode at step 3 and node 5 (user 3) became a supernode at step 6. Node 3 (user 1) was not served for 90 ticks (since step 6), and no other node had room to serve it. Necessary conditions: it needs a usage spike + reboots: the property holds without either (searched: without a usage spike, every interleaving of up to 4 events holds (300 states); without reboots, all 2 reachable states hold). So bounded-reconnection (L1) breaks at step 96: 1 of 4 users not online after 91 quiet ticks: 3. The property: When the machines suffice for everyone, every user who wants to be online is served within the bound. Its bound is max(bootTicks, restartTicks) + historyMin + loginTimeoutTicks + warmupTicks + (hostCacheMax + 2) * backoffCapTicks + ceil(users / loginRate) + 2 = 91 ticks of quiet.',
  ],
  [
    'counterexamples/bounded-reconnection--skype-2007--9a0abcd7.json',
    'After a settle phase of 61 ticks, 2 of 2 users online under supernode node 0 (bootstrap). Then traffic rose to 151% of normal and node 2 (user 1) rebooted: 1 of 2 user machines went down, including 1 supernode: node 2 (user 1); the quiet phase began at step 5. Node 0 (bootstrap) was overloaded at step 1 (up to 151% of its capacity; it can take 150%), node 0 (bootstrap) shed 42 children (41 in the tick it admitted them) and node 2 (user 1) became a supernode at step 3. Node 2 (user 1) was not served for 41 ticks (since step 6), and no other node had room to serve it. Necessary conditions: it needs a usage spike + reboots: the property holds without either (searched: without a usage spike, every interleaving of up to 6 events holds (49 states); without reboots, every interleaving of up to 6 events holds (12 states)). So bounded-reconnection (L1) breaks at step 47: 1 of 2 users not online after 42 quiet ticks: 2. The property: When the machines suffice for everyone, every user who wants to be online is served within the bound. Its bound is max(bootTicks, restartTicks) + historyMin + loginTimeoutTicks + warmupTicks + (hostCacheMax + 2) * backoffCapTicks + ceil(users / loginRate) + 2 = 42 ticks of quiet.',
  ],
  [
    'counterexamples/bounded-reconnection--skype-2010--9106b98a.json',
    'After a settle phase of 61 ticks, 2 of 2 users online under supernode node 0 (bootstrap). Then traffic rose to 114% of normal and node 1 (user 0) rebooted: 1 of 2 user machines went down, none of them a supernode; the quiet phase began at step 3. Node 0 (bootstrap) admitted a child and shed it in the same tick, 42 times. Node 1 (user 0) was not served for 41 ticks (since step 4), while node 2 (user 1) was eligible to be a supernode and was not promoted. Necessary conditions: it needs a usage spike + reboots: the property holds without either (searched: without a usage spike, every interleaving of up to 6 events holds (49 states); without reboots, all 2 reachable states hold). So bounded-reconnection (L1) breaks at step 45: 1 of 2 users not online after 42 quiet ticks: 1. The property: When the machines suffice for everyone, every user who wants to be online is served within the bound. Its bound is max(bootTicks, restartTicks) + historyMin + loginTimeoutTicks + warmupTicks + (hostCacheMax + 2) * backoffCapTicks + ceil(users / loginRate) + 2 = 42 ticks of quiet.',
  ],
  [
    'counterexamples/capacity--canary--d22de560.json',
    'The settle phase of 61 ticks from a cold start never finished: at tick 2, before any disruption, 1 of 3 users online under supernode node 0 (bootstrap). Node 0 (bootstrap) was overloaded at step 0 (up to 187.5% of its capacity; it can take 150%). 2 users (node 2 (user 1) and node 3 (user 2)) were not served at step 0, and no other node had room to serve them. Necessary conditions: it needs no disruption: it breaks in the settled network as it is. So capacity (S2) breaks at step 0: supernode 0 holds 3 children in 2 slots. The property: No supernode holds more children than its slots.',
  ],
  [
    'counterexamples/capacity-accounting--b2-ghost-capacity--4c95ef6f.json',
    "After a settle phase of 61 ticks, 3 of 3 users online under supernodes node 0 (bootstrap) and node 3 (user 2). Then node 3 (user 2) rebooted: 1 of 3 user machines went down, including 1 supernode: node 3 (user 2). Node 3 (user 2) was not served at step 2, and no other node had room to serve it. Necessary conditions: it needs reboots: the property holds without it (searched: without reboots, the one reachable state holds). So capacity-accounting (S5) breaks at step 2: the algorithm believes in 2 supernodes with 3 free slots; there are 1 with 0. The property: The algorithm's count of usable supernodes and free slots equals the ground truth: no ghost capacity.",
  ],
  [
    'counterexamples/retry-storm-subsides--b4-retry-storm--988dda71.json',
    'After a settle phase of 107 ticks, 2 of 7 users online under supernode node 0 (bootstrap). Then the operator deployed 1 mega supernode; the quiet phase began at step 2. Node 0 (bootstrap) was overloaded in 50 steps from step 0 (up to 162.5% of its capacity; it can take 150%) and node 8 (mega) became a supernode at step 1. 5 users (node 3 (user 2), node 4 (user 3), node 5 (user 4), node 6 (user 5) and node 7 (user 6)) were not served for up to 47 ticks (since step 0), while node 8 (mega) had 6 free slots. Necessary conditions: it needs mega supernodes: the property holds without it (searched: without mega supernodes, every interleaving of up to 6 events holds (7 states)). So retry-storm-subsides (L4) breaks at step 49: supernode 0 is loaded to 162% of its capacity, past the 150% it can take, after 47 quiet ticks. The property: When the machines suffice, the probe, join and log-in load falls back under capacity within the bound: no supernode overloaded, no log-in refused. Its bound is max(bootTicks, restartTicks) + historyMin + loginTimeoutTicks + warmupTicks + (hostCacheMax + 2) * backoffCapTicks + ceil(users / loginRate) + 2 = 47 ticks of quiet.',
  ],
  [
    'counterexamples/settles--b3-shutdown-cascade--970d6f26.json',
    'After a settle phase of 102 ticks, 3 of 4 users online under supernodes node 0 (bootstrap) and node 4 (user 3). Node 3 (user 2) was not served at step 0, while node 4 (user 3) had 1 free slot. Necessary conditions: it needs no disruption: it breaks in the settled network as it is. So settles (L0) breaks at step 0: 3 users online when the settle phase ended at tick 102; a centralized allocator reaches 4. The property: From a cold start, with no disruption, the network settles with as many users online as a centralized allocator would have. Its bound is max(uptimeMin, historyMin) + reconnection bound = 102 ticks of quiet.',
  ],
  [
    'examples/counterexamples/bounded-reconnection--least-loaded--7cc937fa.json',
    'After a settle phase of 31 ticks, 2 of 2 users online under supernodes node 0 (bootstrap) and node 1 (bootstrap). Then the operator deployed 1 mega supernode and traffic rose to 301% of normal; the quiet phase began at step 3. Node 0 (bootstrap) was overloaded in 83 steps from step 2 (up to 150.5% of its capacity; it can take 150%), node 1 (bootstrap) was overloaded in 83 steps from step 2 (up to 150.5% of its capacity; it can take 150%) and node 4 (mega) became a supernode at step 1. 2 users (node 2 (user 0) and node 3 (user 1)) were not served for up to 81 ticks (since step 2), while node 4 (mega) had 2 free slots. Necessary conditions: it needs mega supernodes + a usage spike: the property holds without either (searched: without mega supernodes, all 2 reachable states hold; without a usage spike, every interleaving of up to 6 events holds (57 states)). So bounded-reconnection (L1) breaks at step 84: 2 of 2 users not online after 81 quiet ticks: 2, 3. The property: When the machines suffice for everyone, every user who wants to be online is served within the bound. Its bound is max(bootTicks, restartTicks) + historyMin + loginTimeoutTicks + warmupTicks + (hostCacheMax + 2) * backoffCapTicks + ceil(users / loginRate) + 2 = 81 ticks of quiet.',
  ],
];

describe('summaryParagraph', () => {
  it('has a pin for every shipped counterexample', () => {
    const shipped = [
      ...counterexampleFiles(join(root, 'counterexamples')),
      ...counterexampleFiles(join(root, 'examples', 'counterexamples')),
    ];
    expect(shipped.map((f) => f.slice(root.length + 1))).toEqual(pinned.map(([file]) => file));
  });

  for (const [file, paragraph] of pinned) {
    it(file, () => {
      const record = loadCounterexample(join(root, file));
      const algorithm = algorithmNamed(record.algorithm.name) ?? leastLoaded;
      expect(summaryParagraph(record, replayCounterexample(record, algorithm, null))).toBe(paragraph);
    });
  }
});
