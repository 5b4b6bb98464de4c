/**
 * From schema-valid plain data to the normalised ExerciseSpec: applies defaults, parses every
 * expression (scalar ones type-checked here, tensor-language ones only parsed, for positions),
 * and checks cross-references (unique ids, argument names, function names against the
 * caller's list). Collects every problem.
 */
import type { Document, LineCounter } from 'yaml';
import { buildFunctionAnswer, buildMisconception, buildShapeHint } from './build-answers.js';
import { ExprError, parseExpression, parseSyntax, type ExprType } from './expr.js';
import { formatLoc, keyNodeAt, locateInScalar, locOf, nodeAt, scalarSource, type PathSegment } from './positions.js';
import { quote } from './schema.js';
import type {
  ChoiceAnswer,
  DiagnosisKind,
  Domain,
  ExerciseSpec,
  FieldCredit,
  Parameter,
  ParsedExpr,
  PartialCredit,
  QuestionSpec,
  SourceLoc,
  Tolerance,
} from './types.js';

/** Lists injected by the caller (grader/spec does not import reference/). */
export interface SpecCheckOptions {
  /** Reference functions callable by name; a function answer without `expected` must name one. */
  readonly functions?: readonly string[];
}

export const DEFAULT_TOLERANCE: Tolerance = { rtol: 1e-9, atol: 1e-9 };
export const DEFAULT_CASES = { public: 5, hidden: 5 } as const;
export const DEFAULT_PARTIAL_CREDIT: PartialCredit = 'proportional';
/** Full credit for an answer right to float32 precision (with a note): gradients computed in float32 are right. */
export const DEFAULT_FLOAT32_CREDIT = 1;
export const DEFAULT_FIELD_CREDIT: FieldCredit = 'formulas';
export const DEFAULT_OPTION_TEXT = true;

const DOMAIN_KINDS = ['int', 'real', 'expr', 'choice', 'tensor', 'points'] as const;

/** Whether a parameter is a number, so scalar expressions (bounds, constraints) may use it (tensors and point lists are not). */
export function isNumericDomain(domain: Domain): boolean {
  if (domain.kind === 'choice') return domain.values.every((v) => typeof v === 'number');
  return domain.kind !== 'tensor' && domain.kind !== 'points';
}

type Data = Record<string, unknown>;

export class SpecBuilder {
  readonly problems: string[] = [];
  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
    readonly options: SpecCheckOptions,
  ) {}

  loc(path: readonly PathSegment[], atKey = false, extra = 0): SourceLoc {
    const node = atKey ? keyNodeAt(this.doc, path) : nodeAt(this.doc, path);
    return locOf(this.file, this.lines, node, extra);
  }

  problem(path: readonly PathSegment[], message: string, atKey = false): void {
    this.problems.push(formatLoc(this.loc(path, atKey), message));
  }

  build(data: Data, sha256: string): ExerciseSpec {
    const defaults = (data['defaults'] ?? {}) as Data;
    const questions = (data['questions'] as Data[]).map((q, index) => this.question(q, ['questions', index], defaults));
    const seen = new Map<string, number>();
    questions.forEach((q, index) => {
      if (seen.has(q.id))
        this.problem(
          ['questions', index, 'id'],
          `duplicate question id "${q.id}" (first at questions[${seen.get(q.id)}])`,
        );
      else seen.set(q.id, index);
    });
    const ids = new Map<string, SourceLoc>();
    for (const m of questions.flatMap((q) => q.misconceptions)) {
      const first = ids.get(m.id);
      if (first !== undefined)
        this.problems.push(formatLoc(m.loc, `duplicate misconception "${m.id}" (first at line ${first.line})`));
      else ids.set(m.id, m.loc);
    }
    return {
      id: String(data['id']),
      title: String(data['title']),
      source: String(data['source']),
      version: String(data['version']),
      salt: String(data['salt']),
      questions,
      pythonPreload: (((data['python'] ?? {}) as Data)['preload'] ?? []) as string[],
      file: this.file,
      sha256,
      loc: this.loc([]),
    };
  }

  private question(q: Data, path: PathSegment[], defaults: Data): QuestionSpec {
    const id = String(q['id']);
    const answers = q['answers'] as Data;
    const parameters = this.parameters((q['parameters'] ?? {}) as Data, [...path, 'parameters']);
    const numeric = new Set(parameters.filter((p) => isNumericDomain(p.domain)).map((p) => p.name));
    const all = new Set(parameters.map((p) => p.name));
    const constraints = ((q['constraints'] ?? []) as string[]).map((text, i) =>
      this.expr(text, [...path, 'constraints', i], numeric, 'boolean'),
    );
    const definitions = Object.entries((q['let'] ?? {}) as Data).map(([name, text]) => {
      if (all.has(name))
        this.problem([...path, 'let', name], `"${name}" is already a parameter of question "${id}"`, true);
      return { name, expr: this.syntax(String(text), [...path, 'let', name]) };
    });
    const functions = ((answers['function'] ?? []) as Data[]).map((f, i) =>
      buildFunctionAnswer(this, f, [...path, 'answers', 'function', i], all),
    );
    const names = new Set<string>();
    functions.forEach((f, i) => {
      if (names.has(f.name))
        this.problem([...path, 'answers', 'function', i, 'name'], `function "${f.name}" is listed twice`);
      names.add(f.name);
    });
    const choice =
      answers['choice'] === undefined
        ? undefined
        : this.choice(answers['choice'] as Data, [...path, 'answers', 'choice']);
    const misconceptions = ((q['misconceptions'] ?? []) as Data[]).map((m, i) =>
      buildMisconception(this, m, [...path, 'misconceptions', i], id, functions),
    );
    const cases = {
      ...DEFAULT_CASES,
      ...((defaults['cases'] ?? {}) as Data),
      ...((q['cases'] ?? {}) as Data),
    } as QuestionSpec['cases'];
    const tolerance = {
      ...DEFAULT_TOLERANCE,
      ...((defaults['tolerance'] ?? {}) as Data),
      ...((q['tolerance'] ?? {}) as Data),
    } as Tolerance;
    const partialCredit = (q['partialCredit'] ?? defaults['partialCredit'] ?? DEFAULT_PARTIAL_CREDIT) as PartialCredit;
    const float32Credit = Number(q['float32Credit'] ?? defaults['float32Credit'] ?? DEFAULT_FLOAT32_CREDIT);
    const fieldCredit = (q['fieldCredit'] ?? defaults['fieldCredit'] ?? DEFAULT_FIELD_CREDIT) as FieldCredit;
    const optionText = (q['optionText'] ?? defaults['optionText'] ?? DEFAULT_OPTION_TEXT) === true;
    const shapeHints = ((q['shapeHints'] ?? []) as Data[]).map((h, i) =>
      buildShapeHint(this, h, [...path, 'shapeHints', i], id, functions),
    );
    const diagnosisHints = Object.fromEntries(
      Object.entries((q['diagnosisHints'] ?? {}) as Data).map(([kind, text]) => [kind, String(text)]),
    ) as Partial<Record<DiagnosisKind, string>>;
    const question: QuestionSpec = {
      id,
      title: String(q['title']),
      points: Number(q['points']),
      functions,
      formulas: q['formulas'] !== false,
      parameters,
      constraints,
      definitions,
      cases,
      tolerance,
      partialCredit,
      float32Credit,
      fieldCredit,
      optionText,
      shapeHints,
      diagnosisHints,
      misconceptions,
      loc: this.loc(path),
    };
    return choice === undefined ? question : { ...question, choice };
  }

  private parameters(params: Data, path: PathSegment[]): Parameter[] {
    const result: Parameter[] = [];
    const numeric = new Set<string>();
    for (const [name, raw] of Object.entries(params)) {
      const here = [...path, name];
      const domain = this.domain(name, raw as Data, here, numeric);
      if (domain !== null) result.push({ name, domain, loc: this.loc(here, true) });
      if (domain === null || isNumericDomain(domain)) numeric.add(name);
    }
    return result;
  }

  private domain(name: string, d: Data, path: PathSegment[], scope: ReadonlySet<string>): Domain | null {
    const kinds = DOMAIN_KINDS.filter((kind) => d[kind] !== undefined);
    if (kinds.length !== 1) {
      this.problem(
        path,
        `parameter "${name}" must have exactly one of ${DOMAIN_KINDS.join(', ')}, got ${kinds.length ? kinds.join(' and ') : 'none'}`,
      );
      return null;
    }
    const kind = kinds[0];
    for (const key of ['values', 'integers'])
      if (d[key] !== undefined && kind !== 'tensor')
        this.problem([...path, key], `"${key}" only applies to a tensor parameter, "${name}" is ${kind}`, true);
    const num = (value: unknown, at: PathSegment[]): ParsedExpr => this.expr(String(value), at, scope, 'number');
    switch (kind) {
      case 'int':
      case 'real': {
        const [lo, hi] = d[kind] as unknown[];
        return { kind, lo: num(lo, [...path, kind, 0]), hi: num(hi, [...path, kind, 1]) };
      }
      case 'expr':
        return { kind, value: num(d['expr'], [...path, 'expr']) };
      case 'choice': {
        const values = d['choice'] as (number | boolean)[];
        if (new Set(values.map((v) => typeof v)).size > 1)
          this.problem([...path, 'choice'], `"choice" must list numbers or booleans, not both`);
        return { kind, values };
      }
      case 'tensor': {
        const values = (d['values'] ?? [-1, 1]) as [number, number];
        const integers = d['integers'] === true;
        if (integers ? !(Math.ceil(values[0]) <= Math.floor(values[1])) : !(values[0] < values[1]))
          this.problem(
            [...path, 'values'],
            `"values" must be an increasing range [lo, hi]${integers ? ' holding an integer' : ''}, got [${values.join(', ')}]`,
          );
        return {
          kind,
          shape: (d['tensor'] as unknown[]).map((s, i) => num(s, [...path, 'tensor', i])),
          lo: values[0],
          hi: values[1],
          integers,
        };
      }
      case 'points': {
        const p = d['points'] as Data;
        const [countLo, countHi] = p['count'] as [number, number];
        if (countLo > countHi)
          this.problem(
            [...path, 'points', 'count'],
            `"count" must be an increasing range [lo, hi], got [${countLo}, ${countHi}]`,
          );
        return {
          kind,
          countLo,
          countHi,
          within: num(p['within'], [...path, 'points', 'within']),
          apart: num(p['apart'], [...path, 'points', 'apart']),
        };
      }
      default:
        return null;
    }
  }

  /** Parses and type-checks a scalar expression; on error reports it at the offending character and returns a placeholder. */
  expr(text: string, path: PathSegment[], scope: ReadonlySet<string>, type: ExprType): ParsedExpr {
    return this.parsed(text, path, () => parseExpression(text, scope, type));
  }

  /** Parses an expression of the tensor language (grader/lang type-checks it); reports syntax errors at their character. */
  syntax(text: string, path: PathSegment[]): ParsedExpr {
    return this.parsed(text, path, () => parseSyntax(text));
  }

  private parsed(text: string, path: PathSegment[], parse: () => ParsedExpr['expr']): ParsedExpr {
    const node = nodeAt(this.doc, path);
    const scalar = scalarSource(this.file, this.text, this.lines, node);
    const loc = this.loc(path);
    try {
      return { source: text, expr: parse(), loc, scalar };
    } catch (error: unknown) {
      if (!(error instanceof ExprError)) throw error;
      const at = scalar === null ? loc : locateInScalar(scalar, error.offset);
      this.problems.push(formatLoc(at, `in expression ${quote(text)}: ${error.message}`));
      return { source: text, expr: { kind: 'num', value: Number.NaN, at: 0 }, loc, scalar };
    }
  }

  private choice(c: Data, path: PathSegment[]): ChoiceAnswer {
    const options = (c['options'] as Data[]).map((o) => {
      const option = { id: String(o['id']), text: String(o['text']) };
      return o['hint'] === undefined ? option : { ...option, hint: String(o['hint']) };
    });
    const ids = new Set<string>();
    options.forEach((o, i) => {
      if (ids.has(o.id)) this.problem([...path, 'options', i, 'id'], `duplicate option id "${o.id}"`);
      ids.add(o.id);
    });
    return { options, key: String(c['key']), loc: this.loc([...path, 'key']) };
  }
}
