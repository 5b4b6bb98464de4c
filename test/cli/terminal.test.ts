/** Terminal lines show scores exactly as the reports do (formatScore): no "3.0", no "-0". */
import { describe, expect, it } from 'vitest';
import { escapeTerminal, formatResultLine, formatSummary, palette } from '../../cli/terminal.js';
import { loadResult, variant } from '../reports/helpers.js';

const plain = palette(false);

describe('terminal summary', () => {
  it('prints fractional scores with at most two decimals', () => {
    expect(formatSummary(loadResult('carol-q3-shape'), plain)).toMatch(/^Score: 8\.2\/11$/m);
    expect(formatResultLine(loadResult('bob-q5-flipped'), plain)).toMatch(/^bob {2}9\/11 {2}lost: q5 \(q5\.flipped\)$/);
  });

  it('prints a score that rounds to a whole number without a decimal', () => {
    const almost = variant(loadResult('bob-q5-flipped'), (r) => {
      r['score'] = 8.999;
    });
    expect(formatResultLine(almost, plain)).toMatch(/^bob {2}9\/11 /);
  });
});

describe('student text on the terminal', () => {
  const hostile = 'evil\u001b]52;c;cm0gLXJmIH4=\u0007\u001b]0;pwned\u0007\u001b[2J\u001b[H\u202ename\ntwo';

  it('escapes OSC 52, OSC 0, clear-screen, bidi overrides and newlines in a folder name', () => {
    const line = formatResultLine(
      variant(loadResult('bob-q5-flipped'), (r) => {
        (r['submission'] as Record<string, unknown>)['id'] = hostile;
      }),
      plain,
    );
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(line).toMatch(
      /^evil\\x1b\]52;c;cm0gLXJmIH4=\\x07\\x1b\]0;pwned\\x07\\x1b\[2J\\x1b\[H\\u202ename\\x0atwo {2}9\/11/,
    );
  });

  it('escapes control characters in messages but keeps their lines', () => {
    expect(escapeTerminal('a\u001b[31mred\nnext', false)).toBe('a\\x1b[31mred\nnext');
    expect(escapeTerminal('\u009b2J', true)).toBe('\\x9b2J');
  });
});
