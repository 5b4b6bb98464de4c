/**
 * Hostile input (the corpus of AUTHORING-ANCHORS.md, from the advisories of JS expression
 * evaluators): prototype names, deep nesting, huge shapes, long numerals and odd characters.
 * Each must come back as a parse, type or evaluation error, never reach a JS object and never
 * throw anything else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EvalError } from '../../../grader/lang/index.js';
import { ExprError } from '../../../grader/spec/index.js';
import { failure, run } from './helpers.js';

const X = [[1, 2]];

describe('the hostile corpus', () => {
  it.each([
    ['constructor', /unknown name "constructor"/],
    ['__proto__', /unknown name "__proto__"/],
    ['toString()', /unknown function "toString"/],
    ['constructor.constructor("return process")()', /unexpected "\("|unknown name/],
    ['X.constructor', /"\.constructor" needs a record/],
    ['{a: 1}.constructor', /no field "constructor"/],
    ['{a: 1}.__proto__', /no field "__proto__"/],
    ['{a: 1}.hasOwnProperty', /no field "hasOwnProperty"/],
    ['X["constructor"]', /a subscript needs a number/],
    ['conv2d([[[1]]], [[[[1]]]], {__proto__: 1})', /the record has no field "__proto__"/],
    ['valueOf(X)', /unknown function "valueOf"/],
    ['X; process.exit(1)', /unexpected character ";"/],
    ['`1`', /unexpected character "`"/],
    ['require("fs")', /unknown function "require"/],
    ['eval("1")', /unknown function "eval"/],
    ['"unterminated', /never closed/],
    ['['.repeat(80) + '1' + ']'.repeat(80), /nested deeper than 64/],
    ['-'.repeat(100) + '1', /nested deeper than 64/],
    ['1' + '+1'.repeat(400), /more than 500 parts/],
    ['x'.repeat(1200), /longer than 1000 characters/],
    ['1'.repeat(41), /numeral longer than 40 characters/],
    ['1e400', /number out of range/],
    ['zeros(1e9, 1e9)', /operations/],
    ['ones(4000, 4000)', /operations|entries/],
    ['impulses(1e6, [[0, 0]])', /operations/],
    ['gaussianWindow(1e12, 1)', /operations/],
    ['X\u202e+1', /unexpected character/],
  ])('%s', (text, message) => {
    expect(failure(text, { X }).message).toMatch(message);
  });

  it('a record literal with a prototype key pollutes nothing', () => {
    expect(run('{__proto__: 1, constructor: 2}.constructor')).toBe(2);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('__proto__', 1);
  });

  it('arbitrary text is refused with an ExprError or EvalError, nothing else', () => {
    const alphabet = fc.constantFrom(...'X()[]{}.,:+-*/^%<>=!&|\'" 0123456789eabcdkpstruz_'.split(''));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), (chars) => {
        try {
          run(chars.join(''), { X, p: 1, s: 2 });
        } catch (error: unknown) {
          return error instanceof ExprError || error instanceof EvalError;
        }
        return true;
      }),
      { numRuns: 3000 },
    );
  });
});
