import { checkExpr, evaluateExpr, type EvalOptions, type Kind, type Value } from '../../../grader/lang/index.js';
import { parseSyntax } from '../../../grader/spec/index.js';

/** A scope and env from plain values: numbers, nested arrays, booleans. */
export function scopeOf(values: Readonly<Record<string, Value>>): Map<string, Kind> {
  return new Map(
    Object.entries(values).map(([name, value]): [string, Kind] => {
      if (typeof value === 'number') return [name, { kind: 'number' }];
      if (typeof value === 'boolean') return [name, { kind: 'boolean' }];
      let rank = 0;
      for (let node: unknown = value; Array.isArray(node); node = node[0]) rank++;
      return [name, { kind: 'tensor', rank }];
    }),
  );
}

export function check(text: string, values: Readonly<Record<string, Value>> = {}): Kind {
  return checkExpr(parseSyntax(text), { names: scopeOf(values) });
}

export function run(text: string, values: Readonly<Record<string, Value>> = {}, options?: EvalOptions): Value {
  const expr = parseSyntax(text);
  checkExpr(expr, { names: scopeOf(values) });
  return evaluateExpr(expr, new Map(Object.entries(values)), options);
}

/** The error an expression throws (parse, check or evaluation), with its offset and reason. */
export function failure(
  text: string,
  values: Readonly<Record<string, Value>> = {},
  options?: EvalOptions,
): { message: string; offset: number; reason?: string } {
  try {
    run(text, values, options);
  } catch (error: unknown) {
    const e = error as { message: string; offset: number; reason?: string };
    return { message: e.message, offset: e.offset, ...(e.reason === undefined ? {} : { reason: e.reason }) };
  }
  throw new Error(`${text} did not fail`);
}
