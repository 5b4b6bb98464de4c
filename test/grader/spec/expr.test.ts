/**
 * The safe expression language: precedence, the floored modulo, booleans for constraints, and
 * rejection of anything outside the scalar subset (no eval, no properties, no strings, no arrays).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, ExprError, freeVariables, parseExpression, type ExprType } from '../../../grader/spec/index.js';

const vars = new Set(['H', 'W', 'HK', 'WK', 's', 'p']);
const env = { H: 7, W: 9, HK: 3, WK: 2, s: 2, p: 1 };
const run = (text: string, type: ExprType = 'number'): number | boolean =>
  evaluate(parseExpression(text, vars, type), env);

describe('evaluation', () => {
  it.each([
    ['(H - HK + 2*p)/s + 1', 4],
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['2 ^ 3 ^ 2', 512],
    ['2 ** 3', 8],
    ['-2 ^ 2', -4],
    ['7 % 3', 1],
    ['-7 % 3', 2],
    ['floor((W - WK) / s) + 1', 4],
    ['max(H, W, 3) - min(HK, WK)', 7],
    ['abs(-2.5) + sqrt(16) + ceil(0.2) + round(2.5)', 10.5],
    ['1.5e1', 15],
  ])('%s = %s', (text, value) => {
    expect(run(text)).toBe(value);
  });

  it.each([
    ['H > W or HK >= WK', true],
    ['H > W || HK < WK', false],
    ['not (H == 7) and s != 1', false],
    ['!(H == 7) || (H - HK + 2*p) % s == 0', true],
  ])('constraint %s is %s', (text, value) => {
    expect(run(text, 'boolean')).toBe(value);
  });

  it('reports the names an expression reads', () => {
    expect([...freeVariables(parseExpression('(H - HK + 2*p)/s', vars, 'number'))].sort()).toEqual([
      'H',
      'HK',
      'p',
      's',
    ]);
  });
});

describe('rejection', () => {
  it.each([
    ['process.exit(1)', 'unexpected "("'],
    ['process', 'unknown name "process"'],
    ['H.constructor', 'field access is not allowed here'],
    ['"H"', 'strings are not allowed here'],
    ['eval(1)', 'unknown function "eval"'],
    ['constructor', 'unknown name "constructor"'],
    ['__proto__', 'unknown name "__proto__"'],
    ['H = 1', 'unexpected character "="'],
    ['H; 1', 'unexpected character ";"'],
    ['[1, 2]', 'arrays are not allowed here'],
    ['() => 1', 'unexpected character "="'],
    ['`1`', 'unexpected character "`"'],
    ['H +', 'unexpected end of expression'],
    ['(H', 'expected ")" to close the "(" at character 1, got end of expression'],
    ['floor(H, W)', 'floor() takes 1 argument, got 2'],
    ['1 < 2 < 3', 'chained comparisons are not allowed'],
    ['H > 1', 'expected an arithmetic expression, got a boolean one'],
    ['H + (W > 1)', 'expected a number operand, got a boolean'],
  ])('%s', (text, message) => {
    expect(() => parseExpression(text, vars, 'number')).toThrow(ExprError);
    expect(() => parseExpression(text, vars, 'number')).toThrow(message);
  });

  it('a constraint must be boolean', () => {
    expect(() => parseExpression('H + 1', vars, 'boolean')).toThrow('expected a boolean expression, got a number one');
  });

  it('reports the offset of the problem', () => {
    try {
      parseExpression('H + HK + Hk', vars, 'number');
      expect.unreachable();
    } catch (error: unknown) {
      expect(error).toBeInstanceOf(ExprError);
      expect((error as ExprError).offset).toBe(9);
    }
  });

  it('bounds length and nesting (answers.yaml is untrusted)', () => {
    expect(() => parseExpression('1+'.repeat(600) + '1', vars, 'number')).toThrow(/longer than/);
    expect(() => parseExpression('('.repeat(200) + '1' + ')'.repeat(200), vars, 'number')).toThrow(/nested deeper/);
    expect(() => parseExpression('-'.repeat(200) + '1', vars, 'number')).toThrow(/nested deeper/);
  });

  it('never throws anything but ExprError on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        try {
          parseExpression(text, vars, 'number');
        } catch (error: unknown) {
          return error instanceof ExprError;
        }
        return true;
      }),
      { numRuns: 2000 },
    );
  });

  it('arbitrary arithmetic over the variables agrees with a direct computation', () => {
    const leaf = fc.oneof(fc.constantFrom(...vars), fc.integer({ min: 0, max: 9 }).map(String));
    const tree: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.tuple(tie('e'), fc.constantFrom('+', '-', '*'), tie('e')).map(([a, op, b]) => `(${a} ${op} ${b})`),
      ),
    })).e;
    fc.assert(
      fc.property(tree, (text) => {
        const direct = Function(...Object.keys(env), `return ${text};`)(...Object.values(env)) as number;
        return run(text) === direct;
      }),
      { numRuns: 300 },
    );
  });
});
