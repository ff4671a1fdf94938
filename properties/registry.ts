import { healingProperties } from './healing.ts';
import { lintProperties } from './lints.ts';
import type { Observation, Property, Violation } from './property.ts';
import { safetyProperties } from './safety.ts';

/**
 * Every property stormcheck knows, in one list. The CLI, the fast-check suites and the explorer all
 * select from it by name.
 */
export const properties: readonly Property[] = [...safetyProperties, ...healingProperties, ...lintProperties];

/** The default verdict: every invariant and outcome; lints only when named. */
export const defaultProperties: readonly Property[] = properties.filter((p) => p.family !== 'lint');

/** What users get, and the contract (always checked): the properties that alone must catch every bug. */
export const outcomeProperties: readonly Property[] = properties.filter((p) => p.family === 'outcome');

export function propertyNamed(name: string): Property | undefined {
  return properties.find((p) => p.name === name);
}

/** The properties with these names, in registry order; an unknown name is an error naming it. */
export function selectProperties(names: readonly string[]): Property[] {
  const unknown = names.filter((n) => propertyNamed(n) === undefined);
  if (unknown.length > 0) {
    throw new Error(`unknown property ${unknown.map((n) => `'${n}'`).join(', ')}; known: ${properties.map((p) => p.name).join(', ')}`);
  }
  return properties.filter((p) => names.includes(p.name));
}

/** The first property among `selected` that this step violates, with what it says. */
export function firstViolation(
  selected: readonly Property[],
  observation: Observation,
): { property: Property; violation: Violation } | null {
  for (const property of selected) {
    const found = property.check(observation);
    if (found !== null) return { property, violation: found };
  }
  return null;
}
