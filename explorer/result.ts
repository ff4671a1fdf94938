/**
 * What an exhaustive search returns: a discriminated union, formatted elsewhere. A search that
 * stops at a limit says which limit and how far it got; it is never reported as passed.
 */

/**
 * The limit that ended a search early. 'memory' is the visited set reaching `visitedBytesMax`
 * (explore.ts); 'choices' a step with more resolutions of its random choices than the search
 * enumerates (choices.ts); 'work' the `workMax` units of work done.
 */
export type Limit = 'depth' | 'states' | 'time' | 'memory' | 'choices' | 'work';

export interface SearchStats {
  /** Distinct states found, deduplicated by the fingerprint of their canonical key. */
  readonly distinctStates: number;
  /** Actions applied, including those that led to a state already found. */
  readonly transitions: number;
  /**
   * 'passed': the depth of the deepest state. 'limitReached': every path of up to `depth` actions
   * has been checked (the CLI's "depth D complete"). 'violated': the length of the shortest trace.
   */
  readonly depth: number;
  readonly elapsedMs: number;
  readonly statesPerSecond: number;
  /** The visited set (fingerprint table) and the parent pointers, in bytes. */
  readonly visitedBytes: number;
  readonly traceBytes: number;
  /** (visitedBytes + traceBytes) / distinctStates: what a state costs to remember. */
  readonly bytesPerState: number;
  /** Estimated chance that two distinct states shared a fingerprint, so that one went unexplored. */
  readonly collisionProbability: number;
}

export type ExploreResult<Action> =
  /** Every reachable state was found and checked: the frontier emptied. */
  | ({ readonly status: 'passed' } & SearchStats)
  | ({
      readonly status: 'violated';
      readonly property: string;
      readonly message: string;
      /** A shortest sequence of actions from an initial state to the state where it broke (see explore.ts). */
      readonly trace: readonly Action[];
      /** When it broke on the state's continuation: the continuation's actions up to the break; else empty. */
      readonly continuation: readonly Action[];
    } & SearchStats)
  | ({ readonly status: 'limitReached'; readonly limit: Limit } & SearchStats);
