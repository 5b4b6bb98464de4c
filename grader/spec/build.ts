/**
 * From schema-valid plain data to the normalised ExerciseSpec: applies defaults, parses every
 * expression against the names in scope, and checks cross-references (unique ids, argument and
 * formula names, misconception ids against the caller's list). Collects every problem.
 */
import type { Document, LineCounter } from 'yaml';
import type { Language } from '../result.js';
import { ExprError, parseExpression, type ExprType } from './expr.js';
import { formatLoc, keyNodeAt, locOf, nodeAt, stringOffset, type PathSegment } from './positions.js';
import { quote } from './schema.js';
import type {
  ArgSpec,
  ChoiceAnswer,
  Domain,
  ExerciseSpec,
  FormulaField,
  FunctionAnswer,
  Misconception,
  Parameter,
  ParsedExpr,
  PartialCredit,
  QuestionSpec,
  SourceLoc,
  Tolerance,
} from './types.js';

/** Lists injected by the caller (grader/spec does not import reference/). */
export interface SpecCheckOptions {
  /** Student-API function names the reference can compute; unknown names are problems. */
  readonly functions?: readonly string[];
  /** Misconception ids the reference has mutants for; unknown ids are problems. */
  readonly misconceptions?: readonly string[];
}

export const DEFAULT_TOLERANCE: Tolerance = { rtol: 1e-9, atol: 1e-9 };
export const DEFAULT_CASES = { public: 5, hidden: 5 } as const;
export const DEFAULT_PARTIAL_CREDIT: PartialCredit = 'proportional';

const DOMAIN_KINDS = ['int', 'real', 'expr', 'choice', 'tensor', 'points'] as const;

/** Whether a parameter is a number, so expressions and formulas may use it (tensors and point lists are not). */
export function isNumericDomain(domain: Domain): boolean {
  return domain.kind !== 'tensor' && domain.kind !== 'points';
}

type Data = Record<string, unknown>;

export class SpecBuilder {
  readonly problems: string[] = [];
  constructor(
    private readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly options: SpecCheckOptions,
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
    return {
      id: String(data['id']),
      title: String(data['title']),
      source: String(data['source']),
      version: String(data['version']),
      salt: String(data['salt']),
      questions,
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
    const functions = ((answers['function'] ?? []) as Data[]).map((f, i) =>
      this.functionAnswer(f, [...path, 'answers', 'function', i], all),
    );
    const formula = ((answers['formula'] ?? []) as Data[]).map((f, i) =>
      this.formulaField(f, [...path, 'answers', 'formula', i], functions),
    );
    const choice =
      answers['choice'] === undefined
        ? undefined
        : this.choice(answers['choice'] as Data, [...path, 'answers', 'choice']);
    if (choice === undefined && functions.length === 0 && formula.length > 0) {
      this.problem(
        [...path, 'answers', 'formula'],
        `question "${id}" has formula fields but no "function" to compute the expected values`,
      );
    }
    const misconceptions = ((q['misconceptions'] ?? []) as Data[]).map((m, i) =>
      this.misconception(m, [...path, 'misconceptions', i], id, functions),
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
    const question: QuestionSpec = {
      id,
      title: String(q['title']),
      points: Number(q['points']),
      functions,
      formula,
      parameters,
      constraints,
      cases,
      tolerance,
      partialCredit,
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
    if (d['values'] !== undefined && kind !== 'tensor')
      this.problem([...path, 'values'], `"values" only applies to a tensor parameter, "${name}" is ${kind}`, true);
    const num = (value: unknown, at: PathSegment[]): ParsedExpr => this.expr(String(value), at, scope, 'number');
    switch (kind) {
      case 'int':
      case 'real': {
        const [lo, hi] = d[kind] as unknown[];
        return { kind, lo: num(lo, [...path, kind, 0]), hi: num(hi, [...path, kind, 1]) };
      }
      case 'expr':
        return { kind, value: num(d['expr'], [...path, 'expr']) };
      case 'choice':
        return { kind, values: d['choice'] as number[] };
      case 'tensor': {
        const values = (d['values'] ?? [-1, 1]) as [number, number];
        if (!(values[0] < values[1]))
          this.problem(
            [...path, 'values'],
            `"values" must be an increasing range [lo, hi], got [${values.join(', ')}]`,
          );
        return {
          kind,
          shape: (d['tensor'] as unknown[]).map((s, i) => num(s, [...path, 'tensor', i])),
          lo: values[0],
          hi: values[1],
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

  /** Parses an expression; on error reports it at the offending character and returns a placeholder. */
  expr(text: string, path: PathSegment[], scope: ReadonlySet<string>, type: ExprType): ParsedExpr {
    const node = nodeAt(this.doc, path);
    try {
      return { source: text, expr: parseExpression(text, scope, type), loc: this.loc(path) };
    } catch (error: unknown) {
      if (!(error instanceof ExprError)) throw error;
      const loc = locOf(this.file, this.lines, node, stringOffset(node, error.offset));
      this.problems.push(formatLoc(loc, `in expression ${quote(text)}: ${error.message}`));
      return { source: text, expr: { kind: 'num', value: Number.NaN, at: 0 }, loc: this.loc(path) };
    }
  }

  private functionAnswer(f: Data, path: PathSegment[], params: ReadonlySet<string>): FunctionAnswer {
    const name = String(f['name']);
    const known = this.options.functions;
    if (known !== undefined && !known.includes(name))
      this.problem([...path, 'name'], `unknown function "${name}" (the reference has: ${known.join(', ')})`);
    const args = (f['args'] as unknown[]).map((arg, i): ArgSpec => {
      const check = (param: string, at: PathSegment[]): void => {
        if (!params.has(param)) this.problem(at, `argument refers to unknown parameter "${param}"`);
      };
      if (typeof arg === 'string') {
        check(arg, [...path, 'args', i]);
        return { kind: 'param', name: arg };
      }
      const fields = Object.entries(arg as Record<string, string>).map(([key, param]) => {
        check(param, [...path, 'args', i, key]);
        return { key, param };
      });
      return { kind: 'record', fields };
    });
    return { name, exports: f['exports'] as Record<Language, string>, args, loc: this.loc(path) };
  }

  private formulaField(f: Data, path: PathSegment[], functions: readonly FunctionAnswer[]): FormulaField {
    const fn = String(f['function']);
    if (!functions.some((candidate) => candidate.name === fn)) {
      this.problem(
        [...path, 'function'],
        `formula field refers to "${fn}", which is not a function of this question (${functions.map((c) => c.name).join(', ') || 'none'})`,
      );
    }
    const field: FormulaField = { field: String(f['field']), function: fn };
    return f['key'] === undefined ? field : { ...field, key: String(f['key']) };
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

  private misconception(
    m: Data,
    path: PathSegment[],
    questionId: string,
    functions: readonly FunctionAnswer[],
  ): Misconception {
    const id = String(m['id']);
    const known = this.options.misconceptions;
    if (!id.startsWith(`${questionId}.`)) {
      this.problem([...path, 'id'], `misconception "${id}" must start with the question id "${questionId}."`);
    } else if (known !== undefined && !known.includes(id)) {
      const mine = known.filter((k) => k.startsWith(`${questionId}.`));
      this.problem(
        [...path, 'id'],
        `unknown misconception "${id}" (known for ${questionId}: ${mine.join(', ') || 'none'})`,
      );
    }
    if (functions.length === 0)
      this.problem([...path, 'id'], `misconception "${id}" needs a function answer to compare against`);
    return { id, hint: String(m['hint']), loc: this.loc(path) };
  }
}
