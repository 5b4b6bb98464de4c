import type { Mutant } from './mutant.js';
import { q1Mutants } from './q1.js';
import { q2Mutants } from './q2.js';
import { q3Mutants } from './q3.js';
import { q5q6Mutants } from './q5-q6.js';
import { x1Mutants } from './x1.js';
import { x2Mutants } from './x2.js';

export type { Mutant } from './mutant.js';

/** Every mutant, one per misconception id, in the order of `misconceptionIds`. */
export const mutants: readonly Mutant[] = Object.freeze([
  ...q1Mutants,
  ...q2Mutants,
  ...q3Mutants,
  ...q5q6Mutants,
  ...x1Mutants,
  ...x2Mutants,
]);
