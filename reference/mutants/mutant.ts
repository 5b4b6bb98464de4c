import type { MisconceptionId } from '../misconception-ids.js';
import type { StudentApiName } from '../student-api.js';

/**
 * A deliberately wrong variant of one reference function: what a student holding misconception
 * `id` returns for the same arguments. `compute` validates its arguments like the reference
 * (same errors) and returns plain data of the same kind; it may coincide with the reference on
 * some inputs (e.g. a symmetric kernel), and returns `null` where the mistake cannot produce an
 * answer at all (the student's code would crash or read past the end of an array).
 */
export interface Mutant {
  readonly id: MisconceptionId;
  /** The question it belongs to, e.g. 'q1' or 'x2'. */
  readonly question: string;
  /** The reference function it mutates (same signature). */
  readonly fn: StudentApiName;
  readonly compute: (...args: unknown[]) => unknown;
}
