import { describeValue } from './describe-value.js';
import { ReferenceInputError } from './reference-input-error.js';

/**
 * A dense row-major tensor: element (i₀, …, iₙ₋₁) lives at
 * `data[((i₀·shape[1] + i₁)·shape[2] + …)·shape[n−1] + iₙ₋₁]`, `data.length = Π shape`.
 */
export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/** Nested JS arrays as students and the CLI see them (`A[i][j]`, `X[i][j][c]`, …). */
export type NestedArray = number[] | NestedArray[];

/**
 * Reads nested arrays into a {@link Tensor}, inferring the rank from the nesting depth of the
 * first elements. Throws `ReferenceInputError` unless the value is a non-empty rectangular array of
 * finite numbers, quoting where it is not.
 */
export function fromNested(value: unknown, name = 'array'): Tensor {
  let rank = 0;
  for (let node: unknown = value; Array.isArray(node); node = node[0]) rank++;
  if (rank === 0) throw new ReferenceInputError(`${name} must be a rectangular array, got ${describeValue(value)}`);
  return readTensor(
    value,
    name,
    Array.from({ length: rank }, (_unused, axis) => `n${axis}`),
  );
}

/**
 * Within {@link withTensorMemo}: nested arrays known to be rectangular arrays of finite numbers,
 * with their tensor (read by {@link readTensor}, or made by {@link toNested}). Outside it: none.
 */
let memo: WeakMap<object, Tensor> | undefined;

/**
 * Runs `run` with a memo of the nested arrays read or made as tensors: reading one of them again
 * (as every wrong answer of a case convolves the same image) returns the tensor already read,
 * with no copy and no validation. Only for code that never mutates a nested array or a tensor's
 * data it did not allocate itself (the reference's functions, the expression language); the memo
 * ends with `run`, so nothing outside sees it.
 */
export function withTensorMemo<T>(run: () => T): T {
  const outer = memo;
  memo = new WeakMap();
  try {
    return run();
  } finally {
    memo = outer;
  }
}

/**
 * Within {@link withTensorMemo}, the tensor of a nested array read or made there (so a
 * rectangular array of finite numbers); undefined for any other value, and outside a memo. The
 * tensor is shared: never to be mutated.
 */
export function memoTensor(value: object): Tensor | undefined {
  return memo?.get(value);
}

/** The nested-array form of a tensor (a fresh copy); a rank-0 tensor gives its one number inside `[]`. */
export function toNested(tensor: Tensor): NestedArray {
  const nested = nestedCopy(tensor);
  if (memo !== undefined && tensor.shape.length >= 1 && readsBack(tensor)) memo.set(nested, tensor);
  return nested;
}

/** Whether readTensor would accept the nested form of `tensor`: its size matches, every entry finite. */
function readsBack({ shape, data }: Tensor): boolean {
  if (data.length !== shape.reduce((product, size) => product * size, 1)) return false;
  // A plain loop: TypedArray.prototype.every with Number.isFinite is several times slower.
  for (let index = 0; index < data.length; index++) if (!Number.isFinite(data[index])) return false;
  return true;
}

function nestedCopy(tensor: Tensor): NestedArray {
  const { shape, data } = tensor;
  if (shape.length <= 1) return Array.from(data);
  // Preallocated arrays filled in a loop: several times faster than Array.from(subarray).
  const build = (axis: number, offset: number, stride: number): NestedArray => {
    const size = shape[axis] ?? 0;
    const inner = stride / size;
    if (axis === shape.length - 1) {
      const leaf = new Array<number>(size);
      for (let index = 0; index < size; index++) leaf[index] = data[offset + index]!;
      return leaf;
    }
    const out = new Array<NestedArray>(size);
    for (let index = 0; index < size; index++) out[index] = build(axis + 1, offset + index * inner, inner);
    return out as NestedArray;
  };
  return build(0, 0, data.length);
}

/** {@link toNested} for a rank-2 tensor. */
export function toMatrix(tensor: Tensor): number[][] {
  return toNested(tensor) as number[][];
}

/**
 * Validates `value` as a non-empty rectangular array of finite numbers with exactly
 * `dims.length` axes (named by `dims` in messages, e.g. `['H', 'W', 'C']`) and copies it into a tensor;
 * within {@link withTensorMemo}, once per array (the same tensor every time after the first).
 */
export function readTensor(value: unknown, name: string, dims: readonly string[]): Tensor {
  const rank = dims.length;
  const remembered = memo !== undefined && typeof value === 'object' && value !== null ? memo : undefined;
  const known = remembered?.get(value as object);
  if (known !== undefined && known.shape.length === rank) return known;
  const tensor = copyTensor(value, name, dims);
  remembered?.set(value as object, tensor);
  return tensor;
}

function copyTensor(value: unknown, name: string, dims: readonly string[]): Tensor {
  const rank = dims.length;
  const what = `a rectangular ${dims.join('×')} array`;
  const shape: number[] = [];
  let node: unknown = value;
  for (let axis = 0; axis < rank; axis++) {
    const at = axis === 0 ? '' : ` at ${name}${'[0]'.repeat(axis)}`;
    if (!Array.isArray(node)) throw new ReferenceInputError(`${name} must be ${what}, got ${describeValue(node)}${at}`);
    if (node.length === 0)
      throw new ReferenceInputError(`${name} must be ${what} with no empty axis, got an empty array${at}`);
    shape.push(node.length);
    node = node[0];
  }
  const data = new Float64Array(shape.reduce((product, size) => product * size, 1));
  if (copyRectangular(value, shape, 0, data, 0)) return { shape, data };
  // Not rectangular or not all finite numbers: walk again, tracking the path for the message.
  let offset = 0;
  const path: number[] = [];
  const where = (): string => `${name}${path.map((index) => `[${index}]`).join('')}`;
  const walk = (current: unknown, axis: number): void => {
    if (axis === rank) {
      if (typeof current !== 'number' || !Number.isFinite(current)) {
        throw new ReferenceInputError(
          `${name} must hold finite numbers (${what}), got ${describeValue(current)} at ${where()}`,
        );
      }
      data[offset++] = current;
      return;
    }
    const expected = shape[axis] ?? 0;
    if (!Array.isArray(current)) {
      throw new ReferenceInputError(`${name} must be ${what}, got ${describeValue(current)} at ${where()}`);
    }
    if (current.length !== expected) {
      const got =
        rank === 2 && axis === 1
          ? `a ragged row ${path[0] ?? 0} of length ${current.length}`
          : `${where()} of length ${current.length}`;
      throw new ReferenceInputError(`${name} must be ${what}, got ${got} (expected ${expected})`);
    }
    for (let index = 0; index < expected; index++) {
      path.push(index);
      walk(current[index], axis + 1);
      path.pop();
    }
  };
  walk(value, 0);
  return { shape, data };
}

/**
 * Copies `node` into `data` from `offset` when it is a rectangular array of finite numbers of
 * exactly `shape` (from `axis` on); false at the first anomaly, leaving `data` partly written.
 */
function copyRectangular(
  node: unknown,
  shape: readonly number[],
  axis: number,
  data: Float64Array,
  offset: number,
): boolean {
  const size = shape[axis] ?? 0;
  if (!Array.isArray(node) || node.length !== size) return false;
  if (axis === shape.length - 1) {
    for (let index = 0; index < size; index++) {
      const item: unknown = node[index];
      if (typeof item !== 'number' || !Number.isFinite(item)) return false;
      data[offset + index] = item;
    }
    return true;
  }
  let inner = 1;
  for (let later = axis + 1; later < shape.length; later++) inner *= shape[later] ?? 0;
  for (let index = 0; index < size; index++) {
    if (!copyRectangular(node[index], shape, axis + 1, data, offset + index * inner)) return false;
  }
  return true;
}

/** Throws unless `tensor` has exactly the rank of `dims` and a Float64Array of finite numbers of the right length. */
export function checkTensor(tensor: unknown, name: string, dims: readonly string[]): Tensor {
  if (typeof tensor !== 'object' || tensor === null || !('shape' in tensor) || !('data' in tensor)) {
    throw new ReferenceInputError(`${name} must be a tensor {shape, data}, got ${describeValue(tensor)}`);
  }
  const { shape, data } = tensor as Tensor;
  if (
    !Array.isArray(shape) ||
    shape.length !== dims.length ||
    !shape.every((size) => Number.isSafeInteger(size) && size >= 1)
  ) {
    throw new ReferenceInputError(
      `${name} must have a ${dims.join('×')} shape of positive integers, got [${String(shape)}]`,
    );
  }
  const size = shape.reduce((product: number, axis: number) => product * axis, 1);
  if (!(data instanceof Float64Array) || data.length !== size) {
    throw new ReferenceInputError(
      `${name}.data must be a Float64Array of length ${size} for shape [${shape.join(', ')}]`,
    );
  }
  for (let index = 0; index < size; index++) {
    if (!Number.isFinite(data[index])) {
      throw new ReferenceInputError(
        `${name} must hold finite numbers, got ${describeValue(data[index])} at data[${index}]`,
      );
    }
  }
  return { shape, data };
}

/** The transpose of a rank-2 tensor. */
export function transposeMatrix(tensor: Tensor): Tensor {
  const [rows = 0, cols = 0] = tensor.shape;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[j * rows + i] = tensor.data[i * cols + j]!;
  return { shape: [cols, rows], data };
}
