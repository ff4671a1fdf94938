import type { Config, NodeKind, NodeSpec } from './config.ts';

/**
 * A network cloned up (or cut down) to `nodes` nodes with the same mix: each kind of node keeps its
 * share of the population, cycling through the preset's own nodes of that kind, and the login
 * server's rate grows with the network, so a cloned network settles in about as many ticks as the
 * original. Every other parameter stays as it is. This is how the step benchmark measures cost per
 * node, and how an outage scenario runs as a simulation at 10^4 nodes.
 */
export function scaled(config: Config, nodes: number): Config {
  const factor = nodes / config.nodes.length;
  const ofKind = (kind: NodeKind) => config.nodes.filter((spec) => spec.kind === kind);
  const cloned = (specs: readonly NodeSpec[], count: number): NodeSpec[] =>
    specs.length === 0 ? [] : Array.from({ length: count }, (_, k) => specs[k % specs.length] as NodeSpec);
  // Bootstraps and mega slots keep their share, at least one of each kind the preset has; users take the rest.
  const share = (specs: readonly NodeSpec[]) => (specs.length === 0 ? 0 : Math.max(1, Math.round(specs.length * factor)));
  const bootstraps = ofKind('bootstrap');
  const megas = ofKind('mega');
  const users = nodes - share(bootstraps) - share(megas);
  if (!Number.isInteger(nodes) || users < 1) throw new RangeError(`scaled: ${nodes} nodes leave no room for a user`);
  return {
    ...config,
    name: `${config.name}-${nodes}`,
    nodes: [...cloned(bootstraps, share(bootstraps)), ...cloned(ofKind('user'), users), ...cloned(megas, share(megas))],
    loginRate: Math.max(1, Math.round(config.loginRate * factor)),
  };
}
