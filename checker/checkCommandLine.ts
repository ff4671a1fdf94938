/** The one command that repeats a `check` run: same algorithm, network, properties, budget and seed. */
export function checkCommandLine(options: {
  readonly algorithm: string;
  readonly preset: string;
  readonly properties: readonly string[];
  readonly runs: number;
  readonly seed: number;
  readonly coldStart?: boolean;
}): string {
  const properties = options.properties.map((p) => ` --property ${p}`).join('');
  const cold = options.coldStart === true ? ' --cold-start' : '';
  return `npx stormcheck check --algorithm ${options.algorithm} --preset ${options.preset}${properties}${cold} --runs ${options.runs} --seed ${options.seed}`;
}
