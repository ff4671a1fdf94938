import type { ExplorableModel } from './model.ts';

/**
 * A walk on a `width` × `height` grid from the corner (0, 0), one step right or up at a time: a
 * model whose states cost almost nothing, so that a search of it measures the explorer's own
 * machinery (fingerprints, visited set, parent pointers, levels) and gives an upper bound on the
 * states a second of any model (bench/capacity.ts). Its answers are known: width × height states,
 * 2·width·height − width − height transitions, and a deepest state at depth width + height − 2.
 * Its levels are the grid's anti-diagonals, at most min(width, height) states each, so a search
 * of it holds a small frontier however many states it finds.
 */
export type Cell = number;

export type GridAction = 'right' | 'up';

const both: readonly GridAction[] = ['right', 'up'];
const rightOnly: readonly GridAction[] = ['right'];
const upOnly: readonly GridAction[] = ['up'];
const none: readonly GridAction[] = [];

/**
 * A cell is the number a × height + b, for column a and row b: a state that is one number rather
 * than an object, so the model allocates nothing but its keys. The key is the packed pair [a, b],
 * two 32-bit words, so width and height must stay below 2^32 and their product below 2^53.
 */
export function grid(width: number, height: number): ExplorableModel<Cell, GridAction> {
  if (!Number.isSafeInteger(width * height) || width < 1 || height < 1 || width >= 2 ** 32 || height >= 2 ** 32) {
    throw new Error(`stormcheck internal error: a grid of ${width} × ${height}`);
  }
  const column = (cell: Cell) => Math.floor(cell / height);
  return {
    name: `grid(${width}×${height})`,
    initialStates: () => [0],
    actions: (cell) => {
      const right = column(cell) + 1 < width;
      const up = (cell % height) + 1 < height;
      return right ? (up ? both : rightOnly) : up ? upOnly : none;
    },
    next: (cell, action) => (action === 'right' ? cell + height : cell + 1),
    key: (cell) => [column(cell), cell % height],
    describeAction: (action) => action,
    properties: [],
  };
}
