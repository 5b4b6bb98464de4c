/**
 * One submission end to end: intake → seeded variant → sandboxed run → judge → SubmissionResult.
 * Student problems (a missing file, a crash, a timeout, garbage answers) come back inside the
 * result. Harness problems mark the submission "ungradable" with the error (S10: never a silent
 * 0); only a refusal of the environment itself (`--isolation strict` where it is missing) throws.
 */
import { ConvgradeError } from './errors.js';
import type { DiscoveredSubmission } from './discover.js';
import { buildSubmissionResult, judgeSubmission, type JudgedSubmission } from './judge/index.js';
import type { IsolationLevel, Language, RawAnswer, SubmissionResult, Visibility } from './result.js';
import {
  intakeSubmission,
  type Intake,
  mapNotebookMessage,
  runSubmission,
  type AfterTimeout,
  type CellLine,
  type IsolationRequest,
  type RunOptions,
  type RunReport,
} from './run/index.js';
import type { Offload } from './offload.js';
import type { ExerciseSpec } from './spec/index.js';
import { starterStubs } from './starter-stubs.js';
import {
  emptyVariant,
  generateVariant,
  planCalls,
  type CallPlan,
  type ExerciseVariant,
  type VariantOptions,
} from './variant/index.js';

export interface GradeOptions {
  readonly spec: ExerciseSpec;
  readonly visibility: Visibility;
  /** The spec's public salt for `check`, the secret salt for `grade`. */
  readonly salt: string;
  readonly isolation: IsolationRequest;
  /** The level `detectIsolation` found, recorded when no sandbox had to start. */
  readonly isolationLevel: IsolationLevel;
  readonly isolationNote?: string;
  readonly harnessVersion: string;
  readonly timeoutMsPerCall?: number;
  readonly budgetMs?: number;
  /** A function's later calls after one timed out: skipped (default) or retried (runSubmission's afterTimeout). */
  readonly afterTimeout?: AfterTimeout;
  readonly python?: string;
  /** Wall clock for `gradedAt` (default: new Date()). */
  readonly clock?: () => Date;
  /** Monotonic milliseconds for `durationMs` (default: performance.now). */
  readonly now?: () => number;
  /**
   * Resume: called with the submission's hash once intake has read it; a stored result
   * returned here (same submission, spec and harness) is used instead of grading again.
   */
  readonly reuse?: (submission: DiscoveredSubmission, sha256: string) => SubmissionResult | undefined;
  /** How the variant is drawn (default generateVariant): check puts its cache of public variants here. */
  readonly makeVariant?: (spec: ExerciseSpec, options: VariantOptions) => ExerciseVariant;
  /**
   * Draw the variant and judge on this worker thread (grade's batches): the same result, with the
   * grader's own thread left to the sandboxes. makeVariant is then used only for a submission
   * that intake refused.
   */
  readonly offload?: Offload;
}

/** A submission, optionally with its intake already under way (check starts it while the isolation probe runs). */
export type SubmissionToGrade = DiscoveredSubmission & { readonly intake?: Promise<Intake> };

export async function gradeSubmission(
  submission: SubmissionToGrade,
  options: GradeOptions,
  slot = 0,
  /** Called once the slot's sandbox resources are given back (the judging may go on): runPool's release. */
  release: () => void = () => undefined,
): Promise<SubmissionResult> {
  const now = options.now ?? (() => performance.now());
  const clock = options.clock ?? (() => new Date());
  const started = now();
  const gradedAt = clock().toISOString();
  let language: Language | null = null;
  let sha256 = '';
  let variant: ExerciseVariant | undefined;
  try {
    const intake = await (submission.intake ?? intakeSubmission(submission.path));
    if (intake.ok) {
      ({ language, sha256 } = intake.staged);
      // Before the variant: a resumed submission needs none of its cases, expected values or mutants.
      const previous = options.reuse?.(submission, sha256);
      if (previous !== undefined) return previous;
    }
    // Only a sandbox needs the slot: a submission with none gives it back at once.
    if (!intake.ok || language === null) release();
    const variantOf = (): ExerciseVariant =>
      (variant ??= (options.makeVariant ?? generateVariant)(options.spec, {
        student: submission.id,
        salt: options.salt,
        visibility: options.visibility,
      }));
    let judged: JudgedSubmission;
    let report: RunReport | undefined;
    let loadError: string | undefined;
    if (!intake.ok) {
      loadError = intake.reason;
      judged = judgeUnloadable(options.spec, variantOf(), intake.reason);
    } else {
      const answersText = intake.staged.answersYaml;
      const onWorker = (lang: Language | null) =>
        ({ student: submission.id, salt: options.salt, visibility: options.visibility, language: lang }) as const;
      if (language === null && options.offload !== undefined) {
        // answers.yaml only: the variant is drawn and the answers judged on the worker alike.
        const judge = {
          raw: [],
          starterStubs: new Set<string>(),
          ...(answersText === undefined ? {} : { answersText }),
        };
        ({ head: variant, judged } = await options.offload.grade(onWorker(null), async () => ({ judge, also: 0 })));
      } else if (language === null) {
        judged = judgeSubmission({
          spec: options.spec,
          variant: variantOf(),
          ...(answersText === undefined ? {} : { answersText }),
        });
      } else {
        const lang = language;
        // Found while the sandbox runs (the starter's transpile and parse are otherwise on the
        // path from the last reply to the result); awaited below.
        const stubs = starterStubs(options.spec, intake.staged);
        stubs.catch(() => undefined);
        const runOptions: RunOptions = {
          isolation: options.isolation,
          slot,
          ...(options.timeoutMsPerCall === undefined ? {} : { timeoutMsPerCall: options.timeoutMsPerCall }),
          ...(options.budgetMs === undefined ? {} : { budgetMs: options.budgetMs }),
          ...(options.afterTimeout === undefined ? {} : { afterTimeout: options.afterTimeout }),
          ...(options.python === undefined ? {} : { python: options.python }),
          pythonPreload: options.spec.pythonPreload,
        };
        if (options.offload !== undefined) {
          // The worker draws the variant while the sandbox starts (P1).
          const graded = await options.offload.grade(onWorker(lang), async (calls) => {
            const ran = await runSubmission(intake.staged, calls, runOptions);
            release();
            const mapped = intake.staged.lineMap === undefined ? ran : inCells(ran, intake.staged.lineMap);
            const judge = {
              raw: mapped.answers,
              starterStubs: await stubs,
              ...(answersText === undefined ? {} : { answersText }),
            };
            return { judge, also: mapped };
          });
          ({ head: variant, judged, also: report } = graded);
        } else {
          let planned: CallPlan | undefined;
          const planOf = (): CallPlan => (planned ??= planCalls(options.spec, variantOf(), lang));
          // A function: runSubmission generates the variant while the sandbox starts (P1).
          report = await runSubmission(intake.staged, () => planOf().calls, runOptions);
          release();
          if (intake.staged.lineMap !== undefined) report = inCells(report, intake.staged.lineMap);
          judged = judgeSubmission({
            spec: options.spec,
            variant: variantOf(),
            plan: planOf(),
            raw: report.answers,
            starterStubs: await stubs,
            ...(answersText === undefined ? {} : { answersText }),
          });
        }
        if (report.exports === null) loadError = report.answers.find((answer) => answer.kind === 'load-error')?.message;
      }
    }
    const note = [
      report?.isolationNote ?? options.isolationNote,
      report?.protocolViolation && `protocol violation: ${report.protocolViolation}`,
      report?.cleanupNote,
    ]
      .filter((part): part is string => typeof part === 'string' && part !== '')
      .join('; ');
    const notes = intake.ok ? intake.staged.notes : undefined;
    const result = buildSubmissionResult(options.spec, variantOf(), judged, {
      submission: { id: submission.id, path: submission.path, language, sha256 },
      harnessVersion: options.harnessVersion,
      isolation: report?.isolation ?? options.isolationLevel,
      ...(note === '' ? {} : { isolationNote: note }),
      ...(loadError === undefined ? {} : { loadError }),
      ...(report === undefined ? {} : { output: report.output }),
      gradedAt,
      durationMs: Math.round(now() - started),
    });
    return notes === undefined ? result : { ...result, submission: { ...result.submission, notes } };
  } catch (error: unknown) {
    if (error instanceof ConvgradeError && error.exitCode === 2) throw error;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const fallback =
      variant ??
      emptyVariant(options.spec, { student: submission.id, salt: options.salt, visibility: options.visibility });
    return buildSubmissionResult(options.spec, fallback, judgeSubmission({ spec: options.spec, variant: fallback }), {
      submission: { id: submission.id, path: submission.path, language, sha256 },
      harnessVersion: options.harnessVersion,
      isolation: options.isolationLevel,
      gradedAt,
      durationMs: Math.round(now() - started),
      error: `Internal error while grading (the submission was not scored): ${message}`,
    });
  }
}

/** A notebook's run report with every message and output naming cells instead of module lines. */
function inCells(report: RunReport, lineMap: readonly CellLine[]): RunReport {
  const map = (text: string): string => mapNotebookMessage(text, lineMap);
  return {
    ...report,
    answers: report.answers.map((answer) =>
      answer.kind === 'value' ? answer : { ...answer, message: map(answer.message) },
    ),
    output: { ...report.output, stdout: map(report.output.stdout), stderr: map(report.output.stderr) },
  };
}

/** Intake refused the submission: every call of the plan fails to load, with intake's reason. */
function judgeUnloadable(spec: ExerciseSpec, variant: ExerciseVariant, reason: string): JudgedSubmission {
  const plan = planCalls(spec, variant, 'ts');
  const raw: RawAnswer[] = plan.calls.map(() => ({ kind: 'load-error', message: reason }));
  return judgeSubmission({ spec, variant, plan, raw });
}

/** One student's variant to grade a submission on. */
export interface VariantRequest {
  readonly student: string;
  readonly salt: string;
  readonly visibility: Visibility;
}

/**
 * One submission graded as many students at once (the staff solutions under `validate --qa`):
 * the real path of gradeSubmission — intake, a sandboxed run, the judge — with every student's
 * calls batched into one sandbox, so the cost is one interpreter start, not one per student.
 * Results come back in the order of `students` (requests, or variants already drawn); a
 * harness failure makes every one ungradable.
 */
export async function gradeAsStudents(
  submission: DiscoveredSubmission,
  students: readonly (VariantRequest | ExerciseVariant)[],
  options: Omit<GradeOptions, 'visibility' | 'salt' | 'reuse'>,
  slot = 0,
): Promise<SubmissionResult[]> {
  const now = options.now ?? (() => performance.now());
  const clock = options.clock ?? (() => new Date());
  const started = now();
  const gradedAt = clock().toISOString();
  // Variants already drawn (validate --qa draws them once for every check) are used as they are.
  const variants = students.map((s) => ('questions' in s ? s : generateVariant(options.spec, s)));
  // Each result is the submission graded as that student: the student's id.
  const provenance = (variant: ExerciseVariant, language: Language | null, sha256: string) => ({
    submission: { id: variant.student, path: submission.path, language, sha256 },
    harnessVersion: options.harnessVersion,
    gradedAt,
  });
  let language: Language | null = null;
  let sha256 = '';
  try {
    const intake = await intakeSubmission(submission.path);
    if (!intake.ok) {
      return variants.map((variant) =>
        buildSubmissionResult(options.spec, variant, judgeUnloadable(options.spec, variant, intake.reason), {
          ...provenance(variant, null, ''),
          isolation: options.isolationLevel,
          loadError: intake.reason,
          durationMs: Math.round(now() - started),
        }),
      );
    }
    ({ language, sha256 } = intake.staged);
    const answersText = intake.staged.answersYaml;
    const withAnswers = answersText === undefined ? {} : { answersText };
    const lang = language;
    if (lang === null) {
      return variants.map((variant) =>
        buildSubmissionResult(options.spec, variant, judgeSubmission({ spec: options.spec, variant, ...withAnswers }), {
          ...provenance(variant, null, sha256),
          isolation: options.isolationLevel,
          durationMs: Math.round(now() - started),
        }),
      );
    }
    const plans = variants.map((variant) => planCalls(options.spec, variant, lang));
    const stubs = await starterStubs(options.spec, intake.staged);
    const calls = plans.flatMap((plan) => plan.calls);
    const report = await runSubmission(intake.staged, calls, {
      isolation: options.isolation,
      slot,
      ...(options.timeoutMsPerCall === undefined ? {} : { timeoutMsPerCall: options.timeoutMsPerCall }),
      // The default budget is for one student's calls; scale it with the batch.
      budgetMs: Math.max(options.budgetMs ?? 60_000, 60_000 * students.length),
      // The calls are many students' cases: one student's timeout must not skip another's.
      afterTimeout: 'retry',
      ...(options.python === undefined ? {} : { python: options.python }),
      pythonPreload: options.spec.pythonPreload,
    });
    let offset = 0;
    return variants.map((variant, i) => {
      const plan = plans[i] as ReturnType<typeof planCalls>;
      const raw = report.answers.slice(offset, offset + plan.calls.length);
      offset += plan.calls.length;
      const judged = judgeSubmission({ spec: options.spec, variant, plan, raw, starterStubs: stubs, ...withAnswers });
      const loadError =
        report.exports === null ? raw.find((answer) => answer.kind === 'load-error')?.message : undefined;
      return buildSubmissionResult(options.spec, variant, judged, {
        ...provenance(variant, lang, sha256),
        isolation: report.isolation,
        ...(report.isolationNote === undefined ? {} : { isolationNote: report.isolationNote }),
        ...(loadError === undefined ? {} : { loadError }),
        output: report.output,
        durationMs: Math.round(now() - started),
      });
    });
  } catch (error: unknown) {
    if (error instanceof ConvgradeError && error.exitCode === 2) throw error;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return variants.map((variant) =>
      buildSubmissionResult(options.spec, variant, judgeSubmission({ spec: options.spec, variant }), {
        ...provenance(variant, language, sha256),
        isolation: options.isolationLevel,
        durationMs: Math.round(now() - started),
        error: `Internal error while grading (the submission was not scored): ${message}`,
      }),
    );
  }
}
