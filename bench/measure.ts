/**
 * How every benchmark section measures: warm-up rounds, then a fixed number of timed rounds in
 * which the variants take turns, and the median of each. Interleaving matters on a shared, noisy
 * machine: CPU frequency, other tenants and the garbage collector drift over seconds, and timing all
 * of A before all of B would charge that drift to one of them. The order alternates between rounds
 * (A B C, then C B A) so that no variant always runs right after the same neighbour.
 */

/** One printable line of a report: how fast one variant ran, and how that compares with the baseline. */
export interface Row {
  /** The table the row belongs to: what was measured, on what workload. */
  readonly group: string;
  readonly variant: string;
  /** Median over the timed rounds, in `unit`. */
  readonly median: number;
  readonly unit: string;
  /** `median` over the baseline's median: above 1 is faster than the baseline. */
  readonly ratio: number;
  /**
   * The median of the per-round ratios to the baseline. Each round's ratio compares two runs a
   * fraction of a second apart, so it is less exposed to drift than the ratio of medians.
   */
  readonly pairedRatio: number;
  /** Half the range of the timed rounds, as a fraction of the median: how noisy the row is. */
  readonly spread: number;
}

/**
 * A finished table for results that are not rates (counts, medians of steps, lengths): a section
 * formats its own cells, and the report only aligns them and prints the notes under the table.
 */
export interface Table {
  readonly title: string;
  readonly columns: readonly string[];
  /** One array of cells per line, as many as `columns`. */
  readonly cells: readonly (readonly string[])[];
  /** Footnotes: what a column counts, how a missing value was counted. */
  readonly notes: readonly string[];
}

/**
 * A benchmark section: a name and a function that measures and returns what to print, in order.
 * Rows are grouped into one rate table per `group`; a `Table` is printed as it is.
 */
export interface Section {
  readonly name: string;
  readonly run: () => readonly (Row | Table)[];
}

/** One way of doing the same work: `sample` does one round's work, the same for every variant. */
export interface Variant {
  readonly name: string;
  readonly sample: () => void;
}

export interface Comparison {
  readonly group: string;
  readonly unit: string;
  /** Ops done by one call of a variant's `sample`: the same work for every variant. */
  readonly opsPerSample: number;
  /** The first variant is the baseline every ratio is taken against. */
  readonly variants: readonly Variant[];
  readonly warmupRounds: number;
  readonly timedRounds: number;
}

/** The middle value; for an even count, the mean of the two middle values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('stormcheck bench: median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function opsPerSecond(ops: number, sample: () => void): number {
  const start = performance.now();
  sample();
  const seconds = (performance.now() - start) / 1000;
  return ops / seconds;
}

/** Runs the comparison and returns one row per variant, baseline first. */
export function compare(c: Comparison): Row[] {
  const rates = c.variants.map(() => [] as number[]);
  for (let round = 0; round < c.warmupRounds + c.timedRounds; round++) {
    const order = c.variants.map((_, k) => (round % 2 === 0 ? k : c.variants.length - 1 - k));
    for (const k of order) {
      const rate = opsPerSecond(c.opsPerSample, (c.variants[k] as Variant).sample);
      if (round >= c.warmupRounds) (rates[k] as number[]).push(rate);
    }
  }
  const medians = rates.map(median);
  const baselineRates = rates[0] as number[];
  return c.variants.map((v, k) => {
    const m = medians[k] as number;
    const r = rates[k] as number[];
    return {
      group: c.group,
      variant: v.name,
      median: m,
      unit: c.unit,
      ratio: m / (medians[0] as number),
      pairedRatio: median(r.map((rate, round) => rate / (baselineRates[round] as number))),
      spread: (Math.max(...r) - Math.min(...r)) / 2 / m,
    };
  });
}
