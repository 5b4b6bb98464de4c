import { describeValue } from './describe-value.js';
import { gaussianWindowData } from './gaussian-window.js';
import { ReferenceInputError } from './reference-input-error.js';
import { readInteger, readObject, readPositive } from './read-scalars.js';
import { outerKernel, stampKernel } from './stamp-kernel.js';
import { toMatrix } from './tensor.js';

/** Q3's configuration: a size×size canvas, impulses at `points` ([i, j], 0-based), a window×window Gaussian of `std`. */
export interface BlobsConfig {
  readonly size: number;
  readonly points: readonly (readonly [number, number])[];
  readonly std: number;
  readonly window: number;
}

/**
 * Q3: Gaussian blobs drawn by one convolution, exactly SciPy's
 * `convolve2d(canvas, outer(g, g), mode='same')` with `g = windows.gaussian(window, std)` and canvas
 * size×size, zero but `canvas[i, j] = 1` at each point (a repeated point is set, not added).
 * Element-wise: `out[i][j] = Σ_p g[i + ⌊(w−1)/2⌋ − p_i] · g[j + ⌊(w−1)/2⌋ − p_j]` (zero outside the window).
 */
export function gaussianBlobs(cfg: BlobsConfig): number[][] {
  const { size, points, std, window } = readBlobsConfig(cfg);
  const kernel = outerKernel(gaussianWindowData(window, std));
  return toMatrix(stampKernel({ points, kernel, a: window, rows: size, cols: size, offset: (window - 1) >> 1 }));
}

/** Validates a Q3 configuration: positive integers size and window, std > 0, points integer pairs inside the canvas. */
export function readBlobsConfig(value: unknown, name = 'cfg'): BlobsConfig {
  const record = readObject(value, name);
  const size = readInteger(record['size'], `${name}.size`);
  const std = readPositive(record['std'], `${name}.std`);
  const window = readInteger(record['window'], `${name}.window`);
  const raw = record['points'];
  if (!Array.isArray(raw))
    throw new ReferenceInputError(`${name}.points must be an array of [i, j] pairs, got ${describeValue(raw)}`);
  const points = raw.map((point: unknown, index): readonly [number, number] => {
    const where = `${name}.points[${index}]`;
    if (!Array.isArray(point) || point.length !== 2) {
      throw new ReferenceInputError(`${where} must be a pair [i, j], got ${describeValue(point)}`);
    }
    const [i, j] = point.map((coordinate: unknown, axis) => {
      const at = readInteger(coordinate, `${where}[${axis}]`, 0);
      if (at >= size)
        throw new ReferenceInputError(`${where}[${axis}] must be inside the canvas (0…${size - 1}), got ${at}`);
      return at;
    }) as [number, number];
    return [i, j];
  });
  return { size, points, std, window };
}
