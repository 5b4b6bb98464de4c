/**
 * P4 (PERFORMANCE.md): reference conv2d forward, dL/dK and dL/dX on four shapes, side by side
 * with tfjs-backend-cpu and SciPy in one run. Targets: forward at least as fast as tfjs on
 * every shape; dL/dK ≥ 10× faster than tfjs; within 2× of SciPy on the single-channel shapes.
 * Every candidate's answer is checked (sum and sum of squares, layout-free) before it is timed.
 */
import type { ReferenceCandidate } from './p4-reference.js';
import { referenceCandidates } from './p4-reference.js';
import type { ScipyDriver } from './p4-scipy.js';
import { startScipy } from './p4-scipy.js';
import type { P4Op, P4Shape } from './p4-shapes.js';
import { P4_SHAPES, makeData } from './p4-shapes.js';
import { initTfjs, tfjsOps } from './p4-tfjs.js';
import type { Candidate, Stats } from './stats.js';
import { measureSideBySide, syncSampler } from './stats.js';
import type { Row, Suite, SuiteContext, SuiteResult, Verdict } from './suite.js';
import { formatMs } from './table.js';

const OPS: readonly P4Op[] = ['forward', 'dK', 'dX'];
const TFJS = 'tfjs';
const SCIPY = 'SciPy';
/** The implementation the targets are judged on: the reference's own per-shape choice. */
const JUDGED = 'reference auto';

interface Checksum {
  readonly sum: number;
  readonly sumsq: number;
}

function checksum(values: ArrayLike<number>): Checksum {
  let sum = 0;
  let sumsq = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k] as number;
    sum += v;
    sumsq += v * v;
  }
  return { sum, sumsq };
}

function agrees(a: Checksum, b: Checksum, rtol: number): boolean {
  const scale = Math.sqrt(b.sumsq) + 1e-12;
  return Math.abs(a.sum - b.sum) <= rtol * scale * 100 && Math.abs(a.sumsq - b.sumsq) <= rtol * b.sumsq + 1e-12;
}

function scipyCandidate(driver: ScipyDriver, shape: P4Shape, op: P4Op): Candidate {
  return {
    name: SCIPY,
    sample: async (inner) => (await driver.run(shape, op, inner)).seconds * 1000,
  };
}

async function measureShape(context: SuiteContext, shape: P4Shape, scipy: ScipyDriver | undefined): Promise<Row[]> {
  const data = makeData(shape);
  const tfjs = tfjsOps(shape, data);
  const references: ReferenceCandidate[] = referenceCandidates(shape, data);
  const useScipy = scipy !== undefined && shape.C === 1 && shape.Cout === 1;
  const rows: Row[] = [];
  try {
    for (const op of OPS) {
      const truth = checksum(references[0]?.ops[op]() ?? []);
      const check = (impl: string, got: Checksum, rtol: number): void => {
        if (!agrees(got, truth, rtol)) {
          throw new Error(
            `${shape.label} ${op}: ${impl} disagrees with the reference (sum ${got.sum} vs ${truth.sum}, sumsq ${got.sumsq} vs ${truth.sumsq})`,
          );
        }
      };
      for (const ref of references) check(ref.impl, checksum(ref.ops[op]()), 1e-9);
      check(TFJS, checksum(tfjs.ops[op]()), 1e-4);
      if (useScipy) check(SCIPY, await scipy.run(shape, op, 1), 1e-9);
      const candidates: Candidate[] = [
        ...references.map((ref) => ({ name: ref.impl, sample: syncSampler(ref.ops[op]) })),
        { name: TFJS, sample: syncSampler(tfjs.ops[op]) },
        ...(useScipy ? [scipyCandidate(scipy, shape, op)] : []),
      ];
      context.log(`P4 ${shape.label} ${op}: ${candidates.map((c) => c.name).join(', ')}`);
      const stats = await measureSideBySide(candidates, context);
      const base = (name: string): number | undefined => stats.get(name)?.medianMs;
      for (const candidate of candidates) {
        const own = stats.get(candidate.name) as Stats;
        const ratios: Record<string, number> = {};
        for (const baseline of [TFJS, SCIPY]) {
          const b = base(baseline);
          if (b !== undefined) ratios[baseline] = own.medianMs / b;
        }
        rows.push({ workload: shape.label, op, impl: candidate.name, stats: own, ratios });
      }
    }
  } finally {
    tfjs.dispose();
  }
  return rows;
}

function find(rows: readonly Row[], workload: string, op: P4Op, impl: string): Row | undefined {
  return rows.find((row) => row.workload === workload && row.op === op && row.impl === impl);
}

function judged(rows: readonly Row[], workload: string, op: P4Op): Row | undefined {
  return find(rows, workload, op, JUDGED);
}

function verdicts(rows: readonly Row[]): Verdict[] {
  const out: Verdict[] = [];
  for (const shape of P4_SHAPES) {
    const w = shape.label;
    const fwd = judged(rows, w, 'forward');
    const tfFwd = find(rows, w, 'forward', TFJS);
    if (fwd !== undefined && tfFwd !== undefined) {
      const ratio = fwd.stats.medianMs / tfFwd.stats.medianMs;
      out.push({
        target: `forward ≤ tfjs, ${w}`,
        met: ratio <= 1,
        detail: `${formatMs(fwd.stats.medianMs)} ms vs tfjs ${formatMs(tfFwd.stats.medianMs)} ms = ${ratio.toFixed(2)}× tfjs time${ratio <= 1 ? '' : `, ${((ratio - 1) * 100).toFixed(0)}% too slow`}`,
      });
    }
    const dk = judged(rows, w, 'dK');
    const tfDk = find(rows, w, 'dK', TFJS);
    if (dk !== undefined && tfDk !== undefined) {
      const speedup = tfDk.stats.medianMs / dk.stats.medianMs;
      out.push({
        target: `dL/dK ≥ 10× faster than tfjs, ${w}`,
        met: speedup >= 10,
        detail: `${formatMs(dk.stats.medianMs)} ms vs tfjs ${formatMs(tfDk.stats.medianMs)} ms = ${speedup.toFixed(1)}× faster${speedup >= 10 ? '' : `, needs ${(10 / speedup).toFixed(2)}× more (≤ ${formatMs(tfDk.stats.medianMs / 10)} ms)`}`,
      });
    }
    for (const op of OPS) {
      const ref = judged(rows, w, op);
      const sp = find(rows, w, op, SCIPY);
      if (ref === undefined || sp === undefined) continue;
      const ratio = ref.stats.medianMs / sp.stats.medianMs;
      out.push({
        target: `${op} within 2× of SciPy, ${w}`,
        met: ratio <= 2,
        detail: `${formatMs(ref.stats.medianMs)} ms vs SciPy ${formatMs(sp.stats.medianMs)} ms = ${ratio.toFixed(2)}× SciPy time${ratio <= 2 ? '' : `, needs ≤ ${formatMs(2 * sp.stats.medianMs)} ms`}`,
      });
    }
  }
  return out;
}

function algorithmNotes(rows: readonly Row[]): string[] {
  const out: string[] = [];
  for (const shape of P4_SHAPES) {
    for (const op of OPS) {
      const direct = find(rows, shape.label, op, 'reference direct');
      const im2col = find(rows, shape.label, op, 'reference im2col');
      const auto = find(rows, shape.label, op, JUDGED);
      if (direct === undefined || im2col === undefined) continue;
      const faster = direct.stats.medianMs <= im2col.stats.medianMs ? 'direct' : 'im2col';
      const factor =
        Math.max(direct.stats.medianMs, im2col.stats.medianMs) / Math.min(direct.stats.medianMs, im2col.stats.medianMs);
      const autoNote = auto === undefined ? '' : `; auto ${formatMs(auto.stats.medianMs)} ms`;
      out.push(
        `${shape.label} ${op}: ${faster} is ${factor.toFixed(2)}× faster (direct ${formatMs(direct.stats.medianMs)} ms, im2col ${formatMs(im2col.stats.medianMs)} ms${autoNote})`,
      );
    }
  }
  return out;
}

async function runP4(context: SuiteContext): Promise<SuiteResult> {
  const notes = new Set<string>();
  notes.add(await initTfjs());
  const started = await startScipy();
  const scipy = typeof started === 'string' ? undefined : started;
  notes.add(typeof started === 'string' ? `SciPy not measured: ${started}` : started.version);
  const rows: Row[] = [];
  try {
    for (const shape of P4_SHAPES) rows.push(...(await measureShape(context, shape, scipy)));
  } finally {
    scipy?.close();
  }
  notes.add(
    'Reference and SciPy compute in float64, tfjs in float32. Shapes 1–3 are stride 1 with no padding; the 50×50 kernel uses TF "same" padding (24 before, 25 after) = SciPy correlate2d(X, K, "same").',
  );
  notes.add(
    'SciPy ops: forward correlate2d(X, K, mode); dL/dK correlate2d(X (padded for same), G, "valid"); dL/dX convolve2d(G, K, "full" for valid, "same" for same). tfjs ops: tf.conv2d, the Conv2DBackpropFilter kernel, tf.conv2dTranspose.',
  );
  notes.add(
    `Verdicts judge "${JUDGED}" (conv2dTensor, conv2dGradKernelTensor, conv2dGradInputTensor with the default per-shape algorithm); ratios are median time ÷ the baseline's median time in the same run (lower is faster).`,
  );
  return {
    id: 'p4',
    title: 'reference conv2d forward, dL/dK, dL/dX vs tfjs-backend-cpu and SciPy',
    baselines: [TFJS, SCIPY],
    rows,
    verdicts: verdicts(rows),
    notes: [...notes, ...algorithmNotes(rows)],
  };
}

export const p4Suite: Suite = { id: 'p4', title: 'reference conv2d vs tfjs and SciPy', run: runP4 };
