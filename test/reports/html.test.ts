/**
 * The HTML pages: escaping of hostile student text, hidden cases, heatmaps and their limits,
 * the self-containment guarantees (no network, CSP, the sorter's hash) and the template rules.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SubmissionResult } from '../../grader/result.js';
import { renderSubmissionHtml, renderSummaryHtml } from '../../reports/index.js';
import Handlebars from 'handlebars';
// @ts-expect-error: a plain .mjs build script without declarations
import { OPTIONS, precompiledModule } from '../../scripts/precompile-templates.mjs';

const precompile = precompiledModule as (templates: Record<string, string>) => string;
import { SORT_SCRIPT, SORT_SCRIPT_SHA256 } from '../../reports/templates/summary-script.js';
import { SUBMISSION_TEMPLATE } from '../../reports/templates/submission.js';
import { SUMMARY_TEMPLATE } from '../../reports/templates/summary.js';
import { loadClass, loadResult, unloadable, variant } from './helpers.js';

const bob = loadResult('bob-q5-flipped');

function withCase(result: SubmissionResult, questionIndex: number, change: Record<string, unknown>): SubmissionResult {
  return variant(result, (r) => {
    r['questions'] = r.questions.map((q, k) =>
      k === questionIndex ? { ...q, cases: q.cases.map((c, n) => (n === 0 ? { ...c, ...change } : c)) } : q,
    );
  });
}

describe('renderSubmissionHtml escaping', () => {
  it('keeps a hostile <script> and {{…}} in the captured output as text', () => {
    const html = renderSubmissionHtml(bob);
    expect(html).not.toContain('<script>window.__pwned');
    expect(html).toContain('&lt;script&gt;window.__pwned &#x3D; true&lt;/script&gt;');
    expect(html).toContain('{{constructor.constructor &quot;alert(1)&quot;}}');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;&quot;window.__pwned&#x3D;true&quot;&gt; &amp; friends');
    expect(html).not.toMatch(/<script/i);
  });

  it('escapes hostile messages, hints, ids and titles and writes control characters visibly', () => {
    const hostile = variant(
      withCase(bob, 4, { message: '<b>bold</b> {{this}} \u0000\u001b[0m', hint: '<script>alert(1)</script>' }),
      (r) => {
        r['submission'] = { ...r.submission, id: '"><svg onload=alert(1)>' };
      },
    );
    const html = renderSubmissionHtml(hostile);
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt; {{this}} \\x00\\x1b[0m');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;svg onload&#x3D;alert(1)&gt;');
    expect(html).not.toMatch(/<script|<svg onload|<b>bold/i);
  });

  it('cuts long captured output and says how much was cut', () => {
    const html = renderSubmissionHtml(loadResult('dave-crash-timeout'));
    expect(html).toMatch(/… \(\d+ more characters not shown\)/);
    expect(html).toContain('The grader kept only the first 64 KiB');
  });
});

describe('renderSubmissionHtml content', () => {
  it('draws expected, actual and difference heatmaps with a legend, the largest difference and its neighbourhood', () => {
    const html = renderSubmissionHtml(bob);
    expect(html).toContain('Expected 4×4, got 4×4');
    expect(html).toContain('Difference (yours − expected)');
    expect(html).toContain('Largest difference at [1][3]: expected 28.9693, got -30.0665');
    expect(html).toContain('Expected around [1][3]');
    expect(html).toContain('Yours around [1][3]');
    expect(html).toContain('Value (expected and yours)');
    expect(html.match(/<rect x="\d+" y="\d+" width="1" height="1" fill="#[0-9a-f]{6}">/g)?.length).toBe(48);
  });

  it('shows the misconception hint in the failing question', () => {
    const html = renderSubmissionHtml(bob);
    const q5 = html.slice(html.indexOf('id="question-q5"'), html.indexOf('id="question-q6"'));
    expect(q5).toContain('Likely mistake: <code>q5.flipped</code>');
    expect(q5).toContain('dL/dK is a cross-correlation of X with dL/dF (no flip)');
  });

  it('shows both shapes and no difference map when the shapes differ', () => {
    const html = renderSubmissionHtml(loadResult('carol-q3-shape'));
    expect(html).toContain('Expected 24×24, got 30×30');
    expect(html).toContain('The shapes differ, so there is no difference map');
    expect(html).not.toContain('Difference (yours − expected)');
  });

  it('caps the cells drawn for large arrays by downsampling', () => {
    const big = Array.from({ length: 64 }, (_, i) =>
      Array.from({ length: 64 }, (_, j) => Math.sin(i / 5) * Math.cos(j / 7)),
    );
    const wrong = big.map((row, i) => row.map((v, j) => (i === 40 && j === 50 ? v + 1 : v)));
    const html = renderSubmissionHtml(withCase(bob, 4, { expected: big, actual: wrong }));
    expect(html).toContain('Downsampled: each cell shows the mean of a 2×2 block');
    expect(html.match(/width="1" height="1" fill="#/g)?.length).toBe(3 * 32 * 32);
    expect(html).toContain('Largest difference at [40][50]');
    expect(html.length).toBeLessThan(400_000);
  });

  it('shows one channel of a 3-D answer with a note', () => {
    const e = [
      [
        [1, 2],
        [3, 4],
      ],
      [
        [5, 6],
        [7, 8],
      ],
    ];
    const a = [
      [
        [1, 2],
        [3, 4],
      ],
      [
        [5, 6],
        [7, 9],
      ],
    ];
    const html = renderSubmissionHtml(withCase(bob, 4, { expected: e, actual: a }));
    expect(html).toContain('Expected 2×2×2, got 2×2×2');
    expect(html).toContain('Showing channel 1 of 2 (where the largest difference is)');
    expect(html).toContain('Largest difference at [1][1][1]: expected 8, got 9');
  });

  it('shows the largest difference, with the digits that tell the two numbers apart, not a near-zero tail entry', () => {
    const e = [
      [0, -27.536412],
      [3, 4],
    ];
    const a = [
      [1.7e-9, Math.fround(-27.536412) - 2e-5],
      [3, 4],
    ];
    const html = renderSubmissionHtml(withCase(bob, 4, { expected: e, actual: a }));
    expect(html).toContain('Largest difference at [0][1]: expected -27.536412, got -27.536431');
    expect(html).not.toMatch(/expected -27\.5364, got -27\.5364/);
  });

  it('decodes NaN, ±Infinity and −0 for display', () => {
    const e = [
      [1, { $num: '-0' }],
      [3, 4],
    ];
    const a = [
      [{ $num: 'NaN' }, { $num: '-0' }],
      [{ $num: 'Infinity' }, { $num: '-Infinity' }],
    ];
    const html = renderSubmissionHtml(withCase(bob, 4, { expected: e, actual: a }));
    expect(html).toContain('Largest difference at [0][0]: expected 1, got NaN');
    expect(html).toContain('grey = NaN or ±∞');
    expect(html).toContain('>−0<');
    expect(html).toContain('>−∞<');
  });

  it('never shows inputs, expected or actual values of hidden cases, even when present', () => {
    const leaky = variant(
      withCase(loadResult('frank-hidden'), 5, {
        inputs: { secret: 'INPUT-4711' },
        expected: [
          [4711, 1],
          [2, 3],
        ],
        actual: [
          [1, 1],
          [2, 3],
        ],
      }),
      () => undefined,
    );
    const html = renderSubmissionHtml(leaky);
    expect(html).not.toContain('INPUT-4711');
    expect(html).not.toContain('4711');
    expect(html).not.toContain('<svg class="grid"');
    expect(html).toContain('Graded on hidden cases');
    expect(html).toContain('Likely mistake: <code>q6.not-rotated</code>');
    expect(html).not.toContain('featureMapSize called');
  });

  it('warns visibly when the isolation was basic', () => {
    expect(renderSubmissionHtml(loadResult('alice-perfect'))).toContain('Isolation: basic — not a sandbox.');
    expect(renderSubmissionHtml(bob)).not.toContain('Isolation: basic');
  });

  it('explains an ungradable submission, with or without questions', () => {
    const erin = loadResult('erin-ungradable');
    expect(renderSubmissionHtml(erin)).toContain('This submission could not be graded.');
    const bare = renderSubmissionHtml(
      variant(erin, (r) => {
        r['questions'] = [];
      }),
    );
    expect(bare).toContain('No solution file found');
  });

  it('links back to the summary only when asked', () => {
    expect(renderSubmissionHtml(bob, { summaryHref: '../summary.html' })).toContain(
      '<a href="../summary.html">← Class summary</a>',
    );
    expect(renderSubmissionHtml(bob)).not.toContain('Class summary');
  });
});

describe('renderSubmissionHtml for every reader', () => {
  it('shows a load error once, above the questions, with host paths relative to the submission', () => {
    const html = renderSubmissionHtml(unloadable());
    expect(html.match(/ImportError/g)).toHaveLength(1);
    expect(html).not.toContain('/root/');
    expect(html).toContain('(…/site-packages/scipy/signal/__init__.py)');
    expect(html.match(/Not run: your solution did not load/g)).toHaveLength(5);
    expect(html).toMatch(/class="banner error" role="alert"><strong>Your solution did not load/);
  });

  it('lists what intake changed (the magics dropped from a notebook)', () => {
    const html = renderSubmissionHtml(
      variant(bob, (r) => {
        r['submission'] = { ...r.submission, notes: ['Dropped shell command in cell 2, line 1: !pip install <x>'] };
      }),
    );
    expect(html).toContain('<li>Dropped shell command in cell 2, line 1: !pip install &lt;x&gt;</li>');
    expect(renderSubmissionHtml(bob)).not.toContain('How your files were read');
  });

  it('reads right in the singular', () => {
    const one = variant(bob, (r) => {
      r['questions'] = r.questions.slice(0, 1);
    });
    expect(renderSubmissionHtml(one)).toContain('1 of 1 question fully right');
    expect(renderSubmissionHtml(bob)).toContain('5 of 6 questions fully right');
    expect(renderSummaryHtml([bob], { reportHref: () => 'x' })).toMatch(/>1<\/div><div class="label">submission</);
  });

  it('has a print-only copy of everything folded on screen, and keeps navigation off paper', () => {
    const html = renderSubmissionHtml(bob, { summaryHref: '../summary.html' });
    const passedFolds = html.match(/<details class="screen-only"><summary class="all-passed">/g) ?? [];
    expect(passedFolds.length).toBe(5);
    expect(html.match(/<div class="print-only"><ul class="cases">/g)).toHaveLength(5);
    expect(html.match(/<details class="values screen-only">/g)?.length).toBe(
      html.match(/<dl class="values print-only">/g)?.length,
    );
    expect(html).toContain('<p class="small noprint"><a href="../summary.html">');
    expect(html).toMatch(/@media print \{[\s\S]*section\.question \{ break-before: page;/);
    expect(html).toMatch(/@media screen and \(prefers-color-scheme: dark\)/);
  });
});

describe('self-contained pages', () => {
  const pages = [
    renderSubmissionHtml(bob),
    renderSubmissionHtml(loadResult('carol-q3-shape')),
    renderSummaryHtml(loadClass(), { reportHref: (id) => `${id}.html` }),
  ];

  it('reference nothing on the network', () => {
    for (const html of pages) {
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
      expect(html).not.toMatch(/@import|url\(/);
      expect(html).toContain("default-src 'none'");
    }
  });

  it('allow the sorter script by its hash and nothing else', () => {
    expect(createHash('sha256').update(SORT_SCRIPT).digest('base64')).toBe(SORT_SCRIPT_SHA256);
    const summary = pages[2] ?? '';
    expect(summary).toContain(`script-src 'sha256-${SORT_SCRIPT_SHA256}'`);
    expect(summary.match(/<script>/g)).toHaveLength(1);
    expect(pages[0]).toContain("script-src 'none'");
  });

  it('templates use escaped interpolation only, and the guard rejects the others', () => {
    for (const template of [SUBMISSION_TEMPLATE, SUMMARY_TEMPLATE])
      expect(template).not.toMatch(/\{\{\{|\{\{&|\{\{~?>/);
    expect(() => precompile({ T: '{{{raw}}}' })).toThrow(/escaped/);
    expect(() => precompile({ T: '{{> partial}}' })).toThrow(/escaped/);
  });

  it('strict templates throw on a missing field instead of printing nothing', () => {
    const render = Handlebars.create().compile<Record<string, string>>('<p>{{missing}}</p>', OPTIONS as CompileOptions);
    expect(() => render({})).toThrow(/missing/);
  });
});

describe('renderSummaryHtml', () => {
  const html = renderSummaryHtml(loadClass(), { reportHref: (id) => `reports/${id}.html` });

  it('draws a histogram, pass rates, misconceptions with their students and a sortable table', () => {
    expect(html).toContain('Score distribution');
    expect(html.match(/<rect class="hbar"/g)).toHaveLength(12);
    expect(html).toMatch(/<td>q5<\/td><td>Q5 gradient of the filter<\/td><td class="num">60%<\/td>/);
    expect(html).toMatch(
      /<code>q5\.flipped<\/code><\/td><td class="num">1<\/td><td><ul class="students"><li><a href="reports\/bob.html">bob<\/a>/,
    );
    expect(html).toContain('<table class="sortable" id="students">');
    expect(html.match(/<a href="reports\/[a-z]+\.html">/g)?.length).toBeGreaterThanOrEqual(6);
  });

  it('keeps ungradable submissions out of the statistics but in the table', () => {
    expect(html).toContain('<div class="value">8.24</div><div class="label">mean of 11</div>');
    expect(html).toContain('<a href="reports/erin.html">erin</a>');
  });

  it('escapes student ids', () => {
    const evil = variant(bob, (r) => {
      r['submission'] = { ...r.submission, id: '<img src=x onerror=alert(1)>' };
    });
    const page = renderSummaryHtml([evil], { reportHref: (id) => `reports/${encodeURIComponent(id)}.html` });
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
  });

  it('renders an empty class', () => {
    expect(renderSummaryHtml([], { reportHref: (id) => id })).toContain('No submissions');
  });
});
