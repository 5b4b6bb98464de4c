import { describeValue } from './describe-value.js';
import { requireRank, stridesOf } from './axes.js';
import { ReferenceInputError } from './reference-input-error.js';
import { readInteger } from './read-scalars.js';
import { fromNested, toNested, type NestedArray, type Tensor } from './tensor.js';

/**
 * Zero padding. `pad(A, ph, pw)`: ph zero rows above and below and pw zero columns left and
 * right of A (its first two axes; (H + 2ph)×(W + 2pw)×…). `pad(A, widths)`: numpy.pad with a
 * [before, after] pair per axis, e.g. `[[0, 2], [0, 2], [0, 0]]` adds two rows and columns at the end.
 */
export function pad(A: NestedArray, ph: number | readonly (readonly number[])[], pw?: number): NestedArray {
  const a = fromNested(A, 'A');
  if (Array.isArray(ph)) {
    if (pw !== undefined)
      throw new ReferenceInputError(`pad(A, widths) takes no third argument, got ${describeValue(pw)}`);
    return toNested(padTensor(a, readWidths(ph, a.shape.length)));
  }
  requireRank(a.shape, 2, 'A');
  const rows = readInteger(ph, 'ph', 0);
  const cols = readInteger(pw, 'pw', 0);
  return toNested(
    padTensor(
      a,
      a.shape.map((_n, axis) => (axis === 0 ? [rows, rows] : axis === 1 ? [cols, cols] : [0, 0])),
    ),
  );
}

function readWidths(value: readonly unknown[], rank: number): [number, number][] {
  if (value.length !== rank) {
    throw new ReferenceInputError(`widths must have one [before, after] pair per axis (${rank}), got ${value.length}`);
  }
  return value.map((pair, axis) => {
    if (!Array.isArray(pair) || pair.length !== 2)
      throw new ReferenceInputError(`widths[${axis}] must be a pair [before, after], got ${describeValue(pair)}`);
    return [readInteger(pair[0], `widths[${axis}][0]`, 0), readInteger(pair[1], `widths[${axis}][1]`, 0)];
  });
}

/** `a` inside zeros: `widths[k] = [before, after]` entries added on axis k. */
export function padTensor(a: Tensor, widths: readonly (readonly [number, number])[]): Tensor {
  const shape = a.shape.map((n, axis) => n + widths[axis]![0] + widths[axis]![1]);
  const outStrides = stridesOf(shape);
  const out = new Float64Array(shape.reduce((p, n) => p * n, 1));
  let start = 0;
  for (let axis = 0; axis < shape.length; axis++) start += widths[axis]![0] * outStrides[axis]!;
  copyInto(a, out, outStrides, start);
  return { shape, data: out };
}

/** Writes a's entries into `out` (strides `outStrides`), a's first entry at `start`. */
export function copyInto(a: Tensor, out: Float64Array, outStrides: readonly number[], start: number): void {
  const { shape, data } = a;
  const last = shape.length - 1;
  const rowLength = shape[last]!;
  const rowStep = outStrides[last]!;
  const index = new Array<number>(shape.length).fill(0);
  let to = start;
  for (let from = 0; from < data.length; from += rowLength) {
    if (rowStep === 1) out.set(data.subarray(from, from + rowLength), to);
    else for (let k = 0; k < rowLength; k++) out[to + k * rowStep] = data[from + k]!;
    for (let axis = last - 1; axis >= 0; axis--) {
      to += outStrides[axis]!;
      if (++index[axis]! < shape[axis]!) break;
      to -= outStrides[axis]! * shape[axis]!;
      index[axis] = 0;
    }
  }
}
