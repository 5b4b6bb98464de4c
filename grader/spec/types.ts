/**
 * The validated, normalised exercise spec: what loadSpecs returns. Defaults are applied (cases,
 * tolerance, partial credit), expressions are parsed, and every node keeps its source location
 * so later checks (grader/variant) can still report `file:line:col`.
 */
import type { Language } from '../result.js';
import type { Expr } from './expr-syntax.js';

export interface SourceLoc {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly col: number;
}

/**
 * A scalar's text as written in its file (quotes, escapes and line breaks included), so that an
 * offset into its decoded value can be reported as `file:line:col` (see {@link locateInScalar}).
 */
export interface ScalarSource {
  readonly file: string;
  readonly raw: string;
  /** 1-based line and column of raw's first character. */
  readonly line: number;
  readonly col: number;
  readonly style: 'plain' | 'single' | 'double' | 'block';
}

export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

export type PartialCredit = 'proportional' | 'all-or-nothing';

/**
 * Which answers earn credit field by field (each field of a record answer, each function of a
 * question with several): `formulas` (answers.yaml only, the default: a typo in HF keeps WF and
 * CF), `always` (code too), `never` (a case is right or wrong as a whole).
 */
export type FieldCredit = 'formulas' | 'always' | 'never';

/**
 * The generic diagnoses the judge computes for wrong values nobody listed (grader/judge/diagnoses):
 * a spec may add a sentence of its own to each (`diagnosisHints`).
 */
export const DIAGNOSIS_KINDS = [
  'factor',
  'sign',
  'transpose',
  'flip',
  'rotate',
  'shift',
  'border',
  'interior',
  'input',
  'constant',
  'offset',
  'shape',
] as const;
export type DiagnosisKind = (typeof DIAGNOSIS_KINDS)[number];

/** A wrong shape a known mistake gives, as an expression over the case (a list of dimensions). */
export interface ShapeHint {
  readonly shape: ParsedExpr;
  readonly hint: string;
  /** The function answer whose shape this is: the question's only one, or the one `function:` names. */
  readonly function: string;
  readonly loc: SourceLoc;
}

export interface ParsedExpr {
  readonly source: string;
  readonly expr: Expr;
  /** Where the expression's scalar starts. */
  readonly loc: SourceLoc;
  /** The scalar as written, to place an offset into the expression (locateInScalar); null for a number. */
  readonly scalar: ScalarSource | null;
}

/** How one named parameter of a case is drawn. Parameters are drawn in spec order. */
export type Domain =
  /** Uniform integer in [lo, hi] (bounds may use earlier parameters). */
  | { readonly kind: 'int'; readonly lo: ParsedExpr; readonly hi: ParsedExpr }
  /** Uniform real in [lo, hi). */
  | { readonly kind: 'real'; readonly lo: ParsedExpr; readonly hi: ParsedExpr }
  /** A value computed from earlier parameters. */
  | { readonly kind: 'expr'; readonly value: ParsedExpr }
  /** One of a fixed list of numbers, or of true and false (a flag such as ceilMode). */
  | { readonly kind: 'choice'; readonly values: readonly (number | boolean)[] }
  /** A nested array of the given shape, each entry uniform in [lo, hi), or a uniform integer in [lo, hi] when `integers`. */
  | {
      readonly kind: 'tensor';
      readonly shape: readonly ParsedExpr[];
      readonly lo: number;
      readonly hi: number;
      readonly integers: boolean;
    }
  /**
   * A list of distinct [i, j] points with 0 ≤ i, j < within, count drawn in [countLo, countHi],
   * pairwise at least `apart` apart in one coordinate (Chebyshev distance).
   */
  | {
      readonly kind: 'points';
      readonly countLo: number;
      readonly countHi: number;
      readonly within: ParsedExpr;
      readonly apart: ParsedExpr;
    };

export interface Parameter {
  readonly name: string;
  readonly domain: Domain;
  readonly loc: SourceLoc;
}

/** One argument of a call: a parameter by name, or a record built from parameters. */
export type ArgSpec =
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'record'; readonly fields: readonly { readonly key: string; readonly param: string }[] };

export interface FunctionAnswer {
  /** The function students write, e.g. `featureMapSize`; without `expected`, also the reference function computing the answer. */
  readonly name: string;
  /** Export name per language (default: the name, snake_case in Python). */
  readonly exports: Readonly<Record<Language, string>>;
  readonly args: readonly ArgSpec[];
  /** The expected answer as an expression over the question's parameters, instead of the reference function `name`. */
  readonly expected?: ParsedExpr;
  readonly loc: SourceLoc;
}

export interface ChoiceOption {
  readonly id: string;
  readonly text: string;
  /** Shown when this (wrong) option is chosen; teaches without giving the answer. */
  readonly hint?: string;
}

export interface ChoiceAnswer {
  readonly options: readonly ChoiceOption[];
  /** `sha256:` + hex of SHA-256(`salt|question|option`): the key is not readable in the spec. */
  readonly key: string;
  readonly loc: SourceLoc;
}

/**
 * One wrong answer of a misconception's family, an expression over the question's parameters:
 * the whole answer, or some fields of a record answer (the other fields are the right ones).
 */
export type WrongAnswer =
  | { readonly kind: 'whole'; readonly expr: ParsedExpr }
  | {
      readonly kind: 'fields';
      readonly fields: readonly { readonly key: string; readonly expr: ParsedExpr }[];
      readonly loc: SourceLoc;
    };

export interface Misconception {
  /** `<question>.<name>`, unique within the exercise; reports and exports use it. */
  readonly id: string;
  readonly hint: string;
  /** The function answer this is a mistake in: the question's only one, or the one `function:` names. */
  readonly function: string;
  /** The family: one or more wrong answers; a student matching any of them is diagnosed with this id. */
  readonly answers: readonly WrongAnswer[];
  readonly loc: SourceLoc;
}

export interface QuestionSpec {
  readonly id: string;
  readonly title: string;
  readonly points: number;
  readonly functions: readonly FunctionAnswer[];
  /** Whether answers.yaml may answer the functions with formulas (`formulas: false` in the spec refuses them). */
  readonly formulas: boolean;
  readonly choice?: ChoiceAnswer;
  readonly parameters: readonly Parameter[];
  readonly constraints: readonly ParsedExpr[];
  /** `let:` names for the spec's expressions, in order (each may use the parameters and the earlier ones). */
  readonly definitions: readonly { readonly name: string; readonly expr: ParsedExpr }[];
  readonly cases: { readonly public: number; readonly hidden: number };
  readonly tolerance: Tolerance;
  readonly partialCredit: PartialCredit;
  /**
   * Share (0–1) of a case's points earned by an answer that agrees with the expected one only to
   * float32 precision (grader/variant/precision.ts), not to `tolerance`. Default 1: full credit, with a note.
   */
  readonly float32Credit: number;
  readonly fieldCredit: FieldCredit;
  /** Whether a choice answered with an option's text (whitespace and case aside) counts as that option. */
  readonly optionText: boolean;
  readonly shapeHints: readonly ShapeHint[];
  readonly diagnosisHints: Readonly<Partial<Record<DiagnosisKind, string>>>;
  readonly misconceptions: readonly Misconception[];
  readonly loc: SourceLoc;
}

export interface ExerciseSpec {
  readonly id: string;
  readonly title: string;
  readonly source: string;
  readonly version: string;
  /** The public salt of `check` variants; `grade` uses a secret salt instead. */
  readonly salt: string;
  readonly questions: readonly QuestionSpec[];
  /** `python.preload`: modules the per-slot Python zygote imports before forking (besides numpy and scipy.signal). */
  readonly pythonPreload: readonly string[];
  /** The path the spec was loaded from, as given. */
  readonly file: string;
  /** SHA-256 (hex) of the spec's bytes: recorded in every result. */
  readonly sha256: string;
  readonly loc: SourceLoc;
}
