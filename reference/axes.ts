import { describeValue } from './describe-value.js';
import { ReferenceInputError } from './reference-input-error.js';

/** Row-major strides of `shape`: element (i₀, …) lives at Σ iₖ·strides[k]. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let axis = shape.length - 2; axis >= 0; axis--) strides[axis] = strides[axis + 1]! * shape[axis + 1]!;
  return strides;
}

/** An axis of a rank-`rank` tensor, numpy style (−1 is the last); throws `ReferenceInputError` otherwise. */
export function readAxis(value: unknown, rank: number, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < -rank || value >= rank) {
    throw new ReferenceInputError(
      `${name} must be an axis of a rank-${rank} array (an integer from ${-rank} to ${rank - 1}), got ${describeValue(value)}`,
    );
  }
  return value < 0 ? value + rank : value;
}

/** One axis or a list of distinct axes (numpy's `axis=(1, 2)`), each as {@link readAxis}. */
export function readAxes(value: unknown, rank: number, name: string): number[] {
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  const axes = list.map((axis, index) => readAxis(axis, rank, Array.isArray(value) ? `${name}[${index}]` : name));
  if (new Set(axes).size !== axes.length)
    throw new ReferenceInputError(`${name} must not repeat an axis, got [${list.map(String).join(', ')}]`);
  return axes;
}

/** Throws unless the tensor has at least `rank` axes. */
export function requireRank(shape: readonly number[], rank: number, name: string): void {
  if (shape.length < rank)
    throw new ReferenceInputError(
      `${name} must have at least ${rank} axes, got a rank-${shape.length} array of shape ${shape.join('×')}`,
    );
}
