/** Terminal lines show scores exactly as the reports do (formatScore): no "3.0", no "-0". */
import { describe, expect, it } from 'vitest';
import { formatResultLine, formatSummary, palette } from '../../cli/terminal.js';
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
