import { readBlobsConfig, type BlobsConfig } from '../gaussian-blobs.js';
import { gaussianWindowData } from '../gaussian-window.js';
import { outerKernel, stampKernel } from '../stamp-kernel.js';
import { toMatrix } from '../tensor.js';
import type { Mutant } from './mutant.js';

interface BlobsMistake {
  /** Output rows/cols and the offset into the full convolution (see stampKernel). */
  readonly layout?: (size: number, window: number) => { readonly rows: number; readonly offset: number };
  readonly std?: (std: number) => number;
  readonly normalise?: boolean;
  readonly transpose?: boolean;
}

const same = (size: number, window: number) => ({ rows: size, offset: (window - 1) >> 1 });

function q3(id: Mutant['id'], mistake: BlobsMistake): Mutant {
  const compute = (cfg: unknown): number[][] => {
    const { size, points, std, window }: BlobsConfig = readBlobsConfig(cfg);
    const g = gaussianWindowData(window, mistake.std ? mistake.std(std) : std);
    const { rows, offset } = (mistake.layout ?? same)(size, window);
    const placed = mistake.transpose ? points.map(([i, j]) => [j, i] as const) : points;
    const kernel = outerKernel(g, mistake.normalise ?? false);
    return toMatrix(stampKernel({ points: placed, kernel, a: window, rows, cols: rows, offset }));
  };
  return { id, question: 'q3', fn: 'gaussianBlobs', compute };
}

/**
 * Q3 (gaussianBlobs) mutants. The kernel outer(g, g) is exactly symmetric under a 180° rotation,
 * so correlating equals convolving in 'full' and only the 'same' centring differs.
 */
export const q3Mutants: readonly Mutant[] = [
  // convolve2d(canvas, k, 'full'): (size + w − 1)², offset 0
  q3('q3.mode-full', { layout: (size, window) => ({ rows: size + window - 1, offset: 0 }) }),
  // convolve2d(canvas, k, 'valid'): (size − w + 1)² at offset w − 1 (SciPy swaps when w > size: (w − size + 1)² at size − 1)
  q3('q3.mode-valid', {
    layout: (size, window) => ({ rows: Math.abs(size - window) + 1, offset: Math.min(size, window) - 1 }),
  }),
  // correlate2d(canvas, k, 'same') (= TF/PyTorch 'same'): offset ⌊w/2⌋, blobs one pixel up-left for even w
  q3('q3.correlate-shift', { layout: (size, window) => ({ rows: size, offset: window >> 1 }) }),
  // kernel outer(g, g) / Σ outer(g, g)
  q3('q3.normalised-kernel', { normalise: true }),
  // impulses at [j, i]
  q3('q3.points-transposed', { transpose: true }),
  // g = windows.gaussian(window, std²)
  q3('q3.variance-as-std', { std: (std) => std * std }),
];
