/**
 * Shared test helpers for the reference: fast-check arbitraries for conv problems, a naive
 * oracle written straight from the definitions (bounds checks instead of padding, no shared
 * code with reference/), and small array utilities.
 */
import fc from 'fast-check';

export interface ConvProblem {
  readonly H: number;
  readonly W: number;
  readonly C: number;
  readonly Cout: number;
  readonly HK: number;
  readonly WK: number;
  readonly stride: number;
  readonly padding: number;
  readonly dilation: number;
  readonly HF: number;
  readonly WF: number;
}

const value = fc.double({ min: -3, max: 3, noNaN: true, noDefaultInfinity: true });

/** Flat arrays of `size` doubles in [−3, 3]. */
export function values(size: number): fc.Arbitrary<number[]> {
  return fc.array(value, { minLength: size, maxLength: size });
}

/** A random conv problem whose output is at least 1×1. */
export const convProblem: fc.Arbitrary<ConvProblem> = fc
  .record({
    H: fc.integer({ min: 1, max: 9 }),
    W: fc.integer({ min: 1, max: 9 }),
    C: fc.integer({ min: 1, max: 3 }),
    Cout: fc.integer({ min: 1, max: 5 }),
    HK: fc.integer({ min: 1, max: 4 }),
    WK: fc.integer({ min: 1, max: 4 }),
    stride: fc.integer({ min: 1, max: 3 }),
    padding: fc.integer({ min: 0, max: 2 }),
    dilation: fc.integer({ min: 1, max: 3 }),
  })
  .map((shape) => ({
    ...shape,
    HF: Math.floor((shape.H + 2 * shape.padding - shape.dilation * (shape.HK - 1) - 1) / shape.stride) + 1,
    WF: Math.floor((shape.W + 2 * shape.padding - shape.dilation * (shape.WK - 1) - 1) / shape.stride) + 1,
  }))
  .filter((shape) => shape.HF >= 1 && shape.WF >= 1);

/** A conv problem with random X (H×W×C), K (Cout×HK×WK×C) and G (HF×WF×Cout), as nested arrays. */
export const convCase = convProblem.chain((shape) =>
  fc
    .tuple(
      values(shape.H * shape.W * shape.C),
      values(shape.Cout * shape.HK * shape.WK * shape.C),
      values(shape.HF * shape.WF * shape.Cout),
    )
    .map(([x, k, g]) => ({
      shape,
      X: reshape(x, [shape.H, shape.W, shape.C]) as number[][][],
      K: reshape(k, [shape.Cout, shape.HK, shape.WK, shape.C]) as number[][][][],
      G: reshape(g, [shape.HF, shape.WF, shape.Cout]) as number[][][],
      opts: { stride: shape.stride, padding: shape.padding, dilation: shape.dilation },
    })),
);

/** A random matrix of rows×cols within the given bounds. */
export function matrix(rows: fc.Arbitrary<number>, cols: fc.Arbitrary<number>): fc.Arbitrary<number[][]> {
  return fc.tuple(rows, cols).chain(([r, c]) => values(r * c).map((flat) => reshape(flat, [r, c]) as number[][]));
}

export type Nested = number | Nested[];

/** Nested arrays of `shape` from a flat row-major list. */
export function reshape(flat: readonly number[], shape: readonly number[]): Nested[] {
  const [first = 0, ...rest] = shape;
  if (rest.length === 0) return flat.slice(0, first);
  const inner = rest.reduce((product, size) => product * size, 1);
  return Array.from(
    { length: first },
    (_unused, index) => reshape(flat.slice(index * inner, (index + 1) * inner), rest) as Nested,
  );
}

/** All numbers of a nested array, row-major. */
export function flatten(nested: unknown): number[] {
  if (typeof nested === 'number') return [nested];
  if (Array.isArray(nested)) return nested.flatMap((item: unknown) => flatten(item));
  throw new TypeError(`Not a nested number array: ${String(nested)}`);
}

/** The shape of a (rectangular) nested array. */
export function shapeOf(nested: unknown): number[] {
  const shape: number[] = [];
  for (let node = nested; Array.isArray(node); node = node[0]) shape.push(node.length);
  return shape;
}

/** ⟨a, b⟩ over two nested arrays of the same shape. */
export function inner(a: unknown, b: unknown): number {
  const x = flatten(a);
  const y = flatten(b);
  if (x.length !== y.length) throw new Error(`Length mismatch ${x.length} vs ${y.length}`);
  return x.reduce((sum, item, index) => sum + item * (y[index] ?? Number.NaN), 0);
}

/** max |a − b| over two nested arrays of the same shape (Infinity when the shapes differ). */
export function maxDiff(a: unknown, b: unknown): number {
  if (shapeOf(a).join() !== shapeOf(b).join()) return Number.POSITIVE_INFINITY;
  const x = flatten(a);
  const y = flatten(b);
  return x.reduce((worst, item, index) => Math.max(worst, Math.abs(item - (y[index] ?? Number.NaN))), 0);
}

/** |a − b| ≤ tol·(1 + |a| + |b|). */
export function close(a: number, b: number, tol = 1e-9): boolean {
  return Math.abs(a - b) <= tol * (1 + Math.abs(a) + Math.abs(b));
}

/** Naive conv2d from the definition, reading X through bounds checks (zero outside). */
export function naiveConv2d(X: number[][][], K: number[][][][], s: ConvProblem): number[][][] {
  const at = (h: number, w: number, c: number): number => (h < 0 || w < 0 || h >= s.H || w >= s.W ? 0 : X[h]![w]![c]!);
  return Array.from({ length: s.HF }, (_i, i) =>
    Array.from({ length: s.WF }, (_j, j) =>
      Array.from({ length: s.Cout }, (_o, o) => {
        let sum = 0;
        for (let m = 0; m < s.HK; m++) {
          for (let n = 0; n < s.WK; n++) {
            for (let c = 0; c < s.C; c++) {
              sum +=
                at(i * s.stride + m * s.dilation - s.padding, j * s.stride + n * s.dilation - s.padding, c) *
                K[o]![m]![n]![c]!;
            }
          }
        }
        return sum;
      }),
    ),
  );
}

/** Naive gradients from the definition: each product of the forward pass sends G back to both factors. */
export function naiveBackward(
  X: number[][][],
  K: number[][][][],
  G: number[][][],
  s: ConvProblem,
): { dX: number[][][]; dK: number[][][][] } {
  const dX = reshape(new Array<number>(s.H * s.W * s.C).fill(0), [s.H, s.W, s.C]) as number[][][];
  const dK = reshape(new Array<number>(s.Cout * s.HK * s.WK * s.C).fill(0), [
    s.Cout,
    s.HK,
    s.WK,
    s.C,
  ]) as number[][][][];
  for (let i = 0; i < s.HF; i++) {
    for (let j = 0; j < s.WF; j++) {
      for (let o = 0; o < s.Cout; o++) {
        const g = G[i]![j]![o]!;
        for (let m = 0; m < s.HK; m++) {
          for (let n = 0; n < s.WK; n++) {
            const h = i * s.stride + m * s.dilation - s.padding;
            const w = j * s.stride + n * s.dilation - s.padding;
            if (h < 0 || w < 0 || h >= s.H || w >= s.W) continue;
            for (let c = 0; c < s.C; c++) {
              dX[h]![w]![c]! += g * K[o]![m]![n]![c]!;
              dK[o]![m]![n]![c]! += g * X[h]![w]![c]!;
            }
          }
        }
      }
    }
  }
  return { dX, dK };
}

/** A 180° rotation of a matrix. */
export function rot180(a: readonly (readonly number[])[]): number[][] {
  return [...a].reverse().map((row) => [...row].reverse());
}

/** A matrix transpose. */
export function transpose(a: readonly (readonly number[])[]): number[][] {
  return (a[0] ?? []).map((_unused, j) => a.map((row) => row[j]!));
}
