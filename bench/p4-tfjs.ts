/**
 * P4 baseline: @tensorflow/tfjs-core on the tfjs-backend-cpu backend (float32, NHWC).
 * Forward is tf.conv2d; dL/dK is the Conv2DBackpropFilter kernel (what tf.grad runs for the
 * filter, without the tape); dL/dX is tf.conv2dTranspose (the Conv2DBackpropInput kernel).
 * Each timed call reads the result back (dataSync, row-major HWC / HK×WK×C×Cout) and frees it.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { P4Data, P4Ops, P4Shape } from './p4-shapes.js';
import { outputDims } from './p4-shapes.js';

export async function initTfjs(): Promise<string> {
  const warn = console.warn;
  // tfjs suggests tfjs-node once per process; keep the benchmark table readable.
  console.warn = () => undefined;
  try {
    await tf.setBackend('cpu');
    await tf.ready();
  } finally {
    console.warn = warn;
  }
  return `tfjs-core ${tf.version_core}, backend ${tf.getBackend()}`;
}

/** Cout×HK×WK×C (reference layout) to HK×WK×C×Cout (tfjs filter layout). */
function toFilterLayout(s: P4Shape, K: Float64Array): Float32Array {
  const out = new Float32Array(K.length);
  for (let o = 0; o < s.Cout; o++) {
    for (let m = 0; m < s.HK; m++) {
      for (let n = 0; n < s.WK; n++) {
        for (let c = 0; c < s.C; c++) {
          out[((m * s.WK + n) * s.C + c) * s.Cout + o] = K[((o * s.HK + m) * s.WK + n) * s.C + c] as number;
        }
      }
    }
  }
  return out;
}

/** The three operations on tfjs tensors made once; call `dispose` when done. */
export function tfjsOps(s: P4Shape, data: P4Data): { ops: P4Ops; dispose: () => void } {
  const { HF, WF } = outputDims(s);
  const x = tf.tensor4d(Float32Array.from(data.X), [1, s.H, s.W, s.C]);
  const filter = tf.tensor4d(toFilterLayout(s, data.K), [s.HK, s.WK, s.C, s.Cout]);
  const dy = tf.tensor4d(Float32Array.from(data.G), [1, HF, WF, s.Cout]);
  const readAndFree = (t: tf.Tensor): ArrayLike<number> => {
    const values = t.dataSync();
    t.dispose();
    return values;
  };
  const ops: P4Ops = {
    forward: () => readAndFree(tf.conv2d(x, filter, 1, s.padding)),
    dK: () =>
      readAndFree(
        tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, {
          strides: [1, 1],
          pad: s.padding,
          dataFormat: 'NHWC',
          dimRoundingMode: undefined,
          filterShape: [s.HK, s.WK, s.C, s.Cout],
        } as unknown as tf.NamedAttrMap) as tf.Tensor,
      ),
    dX: () => readAndFree(tf.conv2dTranspose(dy, filter, [1, s.H, s.W, s.C], 1, s.padding)),
  };
  return { ops, dispose: () => tf.dispose([x, filter, dy]) };
}
