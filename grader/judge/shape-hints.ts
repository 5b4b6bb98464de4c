/**
 * Diagnosis from the shape alone, for wrong shapes no mutant produces: each rule computes the
 * shape a known mistake gives from the call's argument shapes.
 */
import { sameShape, shapeOf, type CaseCall } from '../variant/index.js';
import type { AnswerValue } from '../result.js';

interface ShapeRule {
  readonly fn: string;
  readonly shape: (dims: readonly (readonly number[])[]) => readonly number[] | null;
  readonly explanation: string;
}

const dims2 = (dims: readonly (readonly number[])[], i: number): [number, number] | null => {
  const d = dims[i];
  return d !== undefined && d.length === 2 ? [d[0] ?? 0, d[1] ?? 0] : null;
};

const RULES: readonly ShapeRule[] = [
  {
    fn: 'gradInput',
    shape: (d) => {
      const [g, k] = [dims2(d, 0), dims2(d, 1)];
      return g && k ? [g[0] + k[0] + 1, g[1] + k[1] + 1] : null;
    },
    explanation: 'padding dL/dF by H_K instead of H_K−1 gives this shape',
  },
  {
    fn: 'gradInput',
    shape: (d) => {
      const [g, k] = [dims2(d, 0), dims2(d, 1)];
      return g && k ? [g[0] - k[0] + 1, g[1] - k[1] + 1] : null;
    },
    explanation: "a 'valid' correlation without padding gives this shape; the gradient has the shape of the input",
  },
  {
    fn: 'gradInput',
    shape: (d) => dims2(d, 0),
    explanation: "mode 'same' gives this shape; the gradient has the shape of the input, H_F + H_K − 1",
  },
  {
    fn: 'gradKernel',
    shape: (d) => {
      const [g, x] = [dims2(d, 0), dims2(d, 1)];
      return g && x ? [x[0] + g[0] - 1, x[1] + g[1] - 1] : null;
    },
    explanation: "a 'full' correlation gives this shape; the gradient has the shape of the kernel, H − H_F + 1",
  },
  {
    fn: 'gradKernel',
    shape: (d) => dims2(d, 1),
    explanation: "mode 'same' gives this shape; the gradient has the shape of the kernel, H − H_F + 1",
  },
];

/** An explanation of the student's wrong shape, or undefined when no rule explains it. */
export function explainShape(
  call: CaseCall,
  actual: readonly number[],
  expected: readonly number[],
): string | undefined {
  const argShapes = call.args.map((arg: AnswerValue) => {
    const shape = shapeOf(arg);
    return typeof shape === 'string' ? [] : shape;
  });
  for (const rule of RULES) {
    if (rule.fn !== call.function) continue;
    const shape = rule.shape(argShapes);
    if (shape !== null && sameShape(shape, actual) && !sameShape(shape, expected)) return rule.explanation;
  }
  if (actual.length === 2 && expected.length === 2 && actual[0] === expected[1] && actual[1] === expected[0]) {
    return 'this is the transposed shape: check the order of your row and column indices';
  }
  return undefined;
}
