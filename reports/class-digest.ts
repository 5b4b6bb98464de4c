/**
 * What the whole-class outputs (summary page, Markdown summary, CSV gradebook) need of a batch,
 * gathered one result at a time: running counts and sums, per-question tallies, misconception
 * tallies with the ids of their students, and one small row per student for the tables. A
 * result can be dropped as soon as it is added, so a class of thousands never has to be held in
 * memory (P3). Adding results in the order the outputs list them (the CLI sorts by student id)
 * gives exactly what folding over the array of those results gives: the same sums in the same
 * order, the same first-seen orders.
 */
import type { QuestionStatus, SubmissionResult, SubmissionStatus } from '../grader/result.js';
import { misconceptionHint } from './misconception-hint.js';

/** One student as the tables show it: a few fields, never the cases. */
export interface StudentRow {
  readonly id: string;
  readonly status: SubmissionStatus;
  readonly score: number;
  readonly maxScore: number;
  /** The result's questions in its own order (only the first of a repeated id counts). */
  readonly questions: readonly StudentQuestion[];
  /** Every question's misconception ids, in question order (repeats kept, as the tables show them). */
  readonly misconceptions: readonly string[];
}

export interface StudentQuestion {
  readonly id: string;
  readonly score: number;
  readonly status: QuestionStatus;
}

export interface QuestionTally {
  readonly id: string;
  readonly title: string;
  readonly maxScore: number;
  /** Graded submissions that have this question. */
  readonly attempts: number;
  readonly counts: Readonly<Record<QuestionStatus, number>>;
  /** Sum of their scores on it, added in result order. */
  readonly scoreSum: number;
}

export interface MisconceptionTally {
  readonly id: string;
  /** The first non-empty hint met, in result order ('' when none). */
  readonly hint: string;
  /** Student ids in result order, each once. */
  readonly students: readonly string[];
}

/** The header fields of the first result: which exercise and harness the outputs describe. */
export interface ClassHeader {
  readonly exercise: SubmissionResult['exercise'];
  readonly harness: SubmissionResult['harness'];
}

export interface ClassDigest {
  readonly kind: 'class-digest';
  readonly total: number;
  readonly graded: number;
  /** Largest maxScore of any result (0 for none). */
  readonly maxScore: number;
  /** Scores of the graded results in result order (for the median and the histogram). */
  readonly gradedScores: readonly number[];
  readonly scoreSum: number;
  readonly first: ClassHeader | undefined;
  /** "id · version · spec" of each distinct exercise, in first-seen order. */
  readonly exerciseLines: readonly string[];
  /** Every question met, in first-seen order (the exercise's order for a uniform batch). */
  readonly questions: readonly QuestionTally[];
  /** In first-seen order; reports/stats.ts sorts them by count. */
  readonly misconceptions: readonly MisconceptionTally[];
  readonly rows: readonly StudentRow[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Counts = Record<QuestionStatus, number>;

const NONE: readonly string[] = Object.freeze([]);

/** Folds results into a {@link ClassDigest} one at a time; `digest()` may be called at any point. */
export class ClassDigestBuilder {
  private total = 0;
  private graded = 0;
  private maxScore = 0;
  private scoreSum = 0;
  private readonly gradedScores: number[] = [];
  private first: ClassHeader | undefined;
  private readonly exerciseLines = new Set<string>();
  private readonly questions = new Map<string, Mutable<QuestionTally> & { counts: Counts }>();
  private readonly misconceptions = new Map<
    string,
    { id: string; hint: string; students: string[]; seen: Set<string> }
  >();
  private readonly rows: StudentRow[] = [];
  /** Question ids are the same few strings for every student: share one copy of each. */
  private readonly ids = new Map<string, string>();

  add(result: SubmissionResult): void {
    this.total += 1;
    this.maxScore = Math.max(this.maxScore, result.maxScore);
    const e = result.exercise;
    this.first ??= {
      exercise: { id: e.id, title: e.title, version: e.version, specSha256: e.specSha256 },
      harness: { version: result.harness.version },
    };
    this.exerciseLines.add(`${e.id} · version ${e.version} · spec ${e.specSha256.slice(0, 12)}`);
    const isGraded = result.status === 'graded';
    if (isGraded) {
      this.graded += 1;
      this.scoreSum += result.score;
      this.gradedScores.push(result.score);
    }
    const questions: StudentQuestion[] = [];
    const seen = new Set<string>();
    const misconceptions: string[] = [];
    for (const q of result.questions) {
      const id = this.intern(q.id);
      let tally = this.questions.get(id);
      if (tally === undefined) {
        tally = { id, title: q.title, maxScore: q.maxScore, attempts: 0, counts: emptyCounts(), scoreSum: 0 };
        this.questions.set(id, tally);
      }
      if (!seen.has(id)) {
        seen.add(id);
        questions.push({ id, score: q.score, status: q.status });
        if (isGraded) {
          tally.attempts += 1;
          tally.counts[q.status] += 1;
          tally.scoreSum += q.score;
        }
      }
      for (const m of q.misconceptions) {
        const mid = this.intern(m);
        misconceptions.push(mid);
        let entry = this.misconceptions.get(mid);
        if (entry === undefined) {
          entry = { id: mid, hint: '', students: [], seen: new Set() };
          this.misconceptions.set(mid, entry);
        }
        if (!entry.seen.has(result.submission.id)) {
          entry.seen.add(result.submission.id);
          entry.students.push(result.submission.id);
        }
        if (entry.hint === '') entry.hint = misconceptionHint(q, m) ?? '';
      }
    }
    this.rows.push({
      id: result.submission.id,
      status: result.status,
      score: result.score,
      maxScore: result.maxScore,
      questions,
      misconceptions: misconceptions.length === 0 ? NONE : misconceptions,
    });
  }

  digest(): ClassDigest {
    return {
      kind: 'class-digest',
      total: this.total,
      graded: this.graded,
      maxScore: this.maxScore,
      gradedScores: this.gradedScores,
      scoreSum: this.scoreSum,
      first: this.first,
      exerciseLines: [...this.exerciseLines],
      questions: [...this.questions.values()].map((q) => ({ ...q, counts: { ...q.counts } })),
      misconceptions: [...this.misconceptions.values()].map(({ id, hint, students }) => ({ id, hint, students })),
      rows: this.rows,
    };
  }

  private intern(text: string): string {
    const known = this.ids.get(text);
    if (known !== undefined) return known;
    this.ids.set(text, text);
    return text;
  }
}

function emptyCounts(): Counts {
  return { passed: 0, partial: 0, failed: 0, error: 0, missing: 0 };
}

/** The digest of results in the given order. */
export function digestClass(results: readonly SubmissionResult[]): ClassDigest {
  const builder = new ClassDigestBuilder();
  for (const result of results) builder.add(result);
  return builder.digest();
}

/** What every whole-class renderer accepts: the results themselves, or their digest. */
export type ClassInput = readonly SubmissionResult[] | ClassDigest;

/** The digest of a class input (the digest itself when given one). */
export function asDigest(input: ClassInput): ClassDigest {
  return isDigest(input) ? input : digestClass(input);
}

function isDigest(input: ClassInput): input is ClassDigest {
  return !Array.isArray(input);
}
