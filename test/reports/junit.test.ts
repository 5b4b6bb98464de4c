/** JUnit XML: well-formed (checked by a small tokenizer here, and by DOMParser in the browser test), counted right, escaped. */
import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../reports/index.js';
import { loadClass, loadResult, variant, xmlProblems } from './helpers.js';

describe('renderJunit', () => {
  it('is well-formed for the sample class', () => {
    expect(xmlProblems(renderJunit(loadClass()))).toEqual([]);
  });

  it('the well-formedness check can fail', () => {
    expect(xmlProblems('<a><b></a>')).not.toEqual([]);
    expect(xmlProblems('<a>x & y</a>')).not.toEqual([]);
    expect(xmlProblems('<a>\u0001</a>')).not.toEqual([]);
    expect(xmlProblems('<a/><b/>')).not.toEqual([]);
  });

  it('has one suite per submission and one testcase per case', () => {
    const xml = renderJunit(loadClass());
    expect(xml.match(/<testsuite /g)).toHaveLength(6);
    const bob = /<testsuite name="bob" tests="(\d+)" failures="(\d+)" errors="(\d+)"/.exec(xml);
    expect(bob?.slice(1)).toEqual(['26', '5', '0']);
  });

  it('reports a wrong value as failure and a crash or timeout as error', () => {
    const xml = renderJunit([loadResult('dave-crash-timeout')]);
    expect(xml).toMatch(/<testsuite name="dave" tests="26" failures="1" errors="10"/);
    expect(xml).toContain('<error type="error" message="IndexError');
    expect(xml).toContain('<error type="timeout" message="Timed out');
    expect(xml).toContain('<failure type="wrong-answer" message="Chose option (a)');
    const bob = renderJunit([loadResult('bob-q5-flipped')]);
    expect(bob).toContain('<failure type="q5.flipped" message="Wrong value at [0][0]');
  });

  it('reports an ungradable submission as one error', () => {
    const xml = renderJunit([loadResult('erin-ungradable')]);
    expect(xml).toMatch(/<testsuite name="erin" tests="1" failures="0" errors="1"/);
    expect(xml).toContain('<error type="ungradable" message="No solution file found');
  });

  it('escapes markup and replaces XML-illegal characters', () => {
    const hostile = variant(loadResult('bob-q5-flipped'), (r) => {
      r['submission'] = { ...r.submission, id: 'eve"<&>\'' };
      const q5 = r.questions[4];
      const c = q5?.cases[0];
      if (q5 && c) {
        r['questions'] = r.questions.map((q) =>
          q === q5
            ? {
                ...q5,
                cases: [
                  { ...c, message: 'bad \u0000\u0007\u001b[0m \ud800 \uffff </failure><x>&amp; ]]>' },
                  ...q5.cases.slice(1),
                ],
              }
            : q,
        );
      }
    });
    const xml = renderJunit([hostile]);
    expect(xmlProblems(xml)).toEqual([]);
    expect(xml).toContain('name="eve&#34;&#60;&#38;&#62;&#39;"');
    expect(xml).toContain('bad \\x00\\x07\\x1b[0m \\ud800 \\uffff &#60;/failure&#62;&#60;x&#62;&#38;amp; ]]&#62;');
    expect(xml).not.toContain('<x>');
  });

  it('keeps captured output of hidden runs out of system-out', () => {
    expect(renderJunit([loadResult('frank-hidden')])).not.toContain('<system-out>');
  });
});
