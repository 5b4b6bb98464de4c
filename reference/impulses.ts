import { ReferenceInputError } from './reference-input-error.js';
import { readInteger } from './read-scalars.js';
import { readTensor, toMatrix } from './tensor.js';

/**
 * A size×size canvas of zeros with a 1 at each point [i, j] of `points` (an n×2 list, 0-based,
 * inside the canvas; a repeated point is 1, not 2): Q3's image of impulses before the blur.
 */
export function impulses(size: number, points: readonly (readonly number[])[]): number[][] {
  const n = readInteger(size, 'size');
  const list = readTensor(points, 'points', ['n', '2']);
  if (list.shape[1] !== 2)
    throw new ReferenceInputError(`points must be a list of [i, j] pairs, got rows of length ${list.shape[1]}`);
  const canvas = new Float64Array(n * n);
  for (let p = 0; p < list.shape[0]!; p++) {
    const [i, j] = [list.data[2 * p]!, list.data[2 * p + 1]!];
    for (const [axis, at] of [[0, i] as const, [1, j] as const]) {
      if (!Number.isInteger(at) || at < 0 || at >= n)
        throw new ReferenceInputError(
          `points[${p}][${axis}] must be an integer inside the canvas (0…${n - 1}), got ${at}`,
        );
    }
    canvas[i * n + j] = 1;
  }
  return toMatrix({ shape: [n, n], data: canvas });
}
