/**
 * End to end: the real CLI (dist/, built by `pretest`) grades the sample class in real sandboxes
 * (strict where this machine has bubblewrap, as CI does). Each sample student breaks one thing;
 * each must lose exactly what it breaks and be diagnosed by name.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resultProblems } from '../../../grader/validate-result.js';
import type { SubmissionResult } from '../../../grader/result.js';

const root = resolve(import.meta.dirname, '../../..');
const cli = join(root, 'bin', 'convgrade.js');
const sampleClass = join(root, 'examples', 'sample-class');
const secret = join(root, 'examples', 'demo-secret.txt');

function run(
  args: readonly string[],
  env: Record<string, string> = {},
): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      GITHUB_STEP_SUMMARY: '',
      GITHUB_OUTPUT: '',
      ...env,
      CONVGRADE_SECRET: env['CONVGRADE_SECRET'] ?? '',
    },
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const lost = (result: SubmissionResult): Record<string, string[]> =>
  Object.fromEntries(
    result.questions.filter((q) => q.status !== 'passed').map((q) => [q.id, [q.status, ...q.misconceptions]]),
  );

describe('convgrade grade on the sample class', () => {
  const out = mkdtempSync(join(tmpdir(), 'convgrade-grade-'));
  let first: ReturnType<typeof run>;
  const results = new Map<string, SubmissionResult>();

  beforeAll(() => {
    first = run(['grade', sampleClass, '--secret', secret, '--out', out, '--jobs', '2', '--timeout-ms', '2000']);
    for (const name of readdirSync(join(out, 'results'))) {
      const result = JSON.parse(readFileSync(join(out, 'results', name), 'utf8')) as SubmissionResult;
      results.set(result.submission.id, result);
    }
  }, 120_000);

  it('exits 0 and grades every student on hidden cases', () => {
    expect(first.stderr).not.toMatch(/internal error/i);
    expect(first.status).toBe(0);
    expect([...results.keys()].sort()).toEqual([
      'alice',
      'bob',
      'carol',
      'dave',
      'erin',
      'frank',
      'grace',
      'heidi',
      'ivan',
      'judy',
    ]);
    for (const result of results.values()) {
      expect(result.variant.visibility).toBe('hidden');
      expect(result.status).toBe('graded');
      expect(resultProblems(result)).toEqual([]);
      for (const q of result.questions) for (const c of q.cases) expect(c).not.toHaveProperty('expected');
    }
  });

  it('gives each student exactly the loss their bug earns, named by misconception', () => {
    const table = Object.fromEntries([...results].map(([id, r]) => [id, { score: r.score, lost: lost(r) }]));
    expect(table['alice']).toEqual({ score: 11, lost: {} });
    expect(table['bob']).toEqual({ score: 9, lost: { q5: ['failed', 'q5.flipped'] } });
    expect(table['carol']?.lost).toEqual({ q3: [expect.stringMatching(/partial|failed/), 'q3.correlate-shift'] });
    // q2's counts carry q1's missing +1: named in each function it is in.
    expect(table['dave']?.lost).toEqual({
      q1: ['failed', 'q1.missing-plus-one'],
      q2: ['failed', 'q2.conv-output-size', 'q2.fc-output-size'],
      q4: ['failed'],
    });
    expect(table['erin']).toEqual({ score: 9, lost: { q6: ['failed', 'q6.not-rotated'] } });
    expect(table['frank']).toEqual({ score: 6, lost: { q4: ['failed'], q5: ['error'], q6: ['error'] } });
    expect(table['grace']?.lost).toEqual({ q2: ['partial'], q3: ['missing'], q5: ['missing'], q6: ['missing'] });
    // Formulas earn credit function by function: fcMultiplications (C dropped) costs its third of q2 where C > 1.
    expect(table['grace']?.score).toBe(4.6);
    expect(table['heidi']).toEqual({ score: 5, lost: { q3: ['error'], q5: ['error'], q6: ['error'] } });
    expect(table['ivan']).toEqual({ score: 9, lost: { q5: ['failed', 'q5.transposed'] } });
    expect(table['judy']).toEqual({ score: 9, lost: { q6: ['error'] } });
  });

  it('reports timeouts, crashes and the removed scipy.signal.gaussian in words a student understands', () => {
    const frank = results.get('frank');
    const messages = frank?.questions.flatMap((q) => q.cases.map((c) => `${c.status}: ${c.message}`)) ?? [];
    expect(messages.some((m) => /^timeout: .*gradInput.*2000 ms/.test(m))).toBe(true);
    expect(messages.some((m) => /^error: gradKernel raised an error: TypeError/.test(m))).toBe(true);
    const heidi = results.get('heidi')?.questions.find((q) => q.id === 'q5');
    expect(heidi?.cases[0]?.message).toMatch(/scipy\.signal\.windows\.gaussian/);
    expect(results.get('heidi')?.loadError).toMatch(/cannot import name 'gaussian'/);
    expect(results.get('frank')).not.toHaveProperty('loadError');
  });

  it('calls a function that timed out no more: the rest of its cases say so; --after-timeout retry calls it again', () => {
    const q6 = results.get('frank')?.questions.find((q) => q.id === 'q6');
    const texts = q6?.cases.map((c) => `${c.status}: ${c.message}`) ?? [];
    expect(texts.length).toBeGreaterThan(1);
    expect(texts[0]).toBe(
      'timeout: gradInput ran out of time: gradInput did not answer within 2000 ms; the sandbox was killed',
    );
    for (const text of texts.slice(1)) {
      expect(text).toBe(
        'timeout: gradInput ran out of time: Not run: gradInput did not answer within 2000 ms on an earlier case, so it was not called again',
      );
    }
    const retryOut = mkdtempSync(join(tmpdir(), 'convgrade-retry-'));
    const retried = run([
      'grade',
      join(sampleClass, 'frank'),
      '--secret',
      secret,
      '--out',
      retryOut,
      '--timeout-ms',
      '500',
      '--after-timeout',
      'retry',
    ]);
    expect(retried.status).toBe(0);
    const again = JSON.parse(readFileSync(join(retryOut, 'results', 'frank.json'), 'utf8')) as SubmissionResult;
    const cases = again.questions.find((q) => q.id === 'q6')?.cases ?? [];
    expect(cases.map((c) => c.message)).toEqual(
      cases.map(() => 'gradInput ran out of time: gradInput did not answer within 500 ms; the sandbox was killed'),
    );
    expect(again.score).toBe(results.get('frank')?.score);
  }, 60_000);

  it('grades the class the same with variants drawn on the grader’s own thread (CONVGRADE_OFFLOAD=0)', () => {
    const here = mkdtempSync(join(tmpdir(), 'convgrade-no-offload-'));
    const local = run(
      ['grade', sampleClass, '--secret', secret, '--out', here, '--jobs', '2', '--timeout-ms', '2000'],
      {
        CONVGRADE_OFFLOAD: '0',
      },
    );
    expect(local.status).toBe(0);
    const names = readdirSync(join(out, 'results')).sort();
    expect(readdirSync(join(here, 'results')).sort()).toEqual(names);
    const clockless = (file: string): unknown => {
      const { gradedAt: _at, durationMs: _ms, ...rest } = JSON.parse(readFileSync(file, 'utf8')) as SubmissionResult;
      return rest;
    };
    for (const name of names)
      expect(clockless(join(here, 'results', name)), name).toEqual(clockless(join(out, 'results', name)));
  }, 120_000);

  it('refuses an --after-timeout it does not know, naming the choices', () => {
    const bad = run(['grade', join(sampleClass, 'alice'), '--public', '--after-timeout', 'never']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--after-timeout.*never.*skip, retry/s);
  });

  it('grades the notebook of judy like a solution.py, naming the cell of each error and noting the dropped magics', () => {
    const judy = results.get('judy');
    expect(judy?.submission.language).toBe('py');
    const q6 = judy?.questions.find((q) => q.id === 'q6');
    expect(q6?.cases[0]?.message).toMatch(
      /^grad_input raised an error: IndexError: .*\(solution\.ipynb, cell 12, line 7\)$/,
    );
    expect(judy?.submission.notes).toEqual([
      'Dropped IPython magic in cell 2, line 1: %matplotlib inline',
      'Dropped shell command in cell 2, line 2: !pip install --quiet scipy',
      'Skipped cell 14: it starts with the cell magic %%time',
    ]);
  });

  it('writes every output format', () => {
    for (const path of [
      'summary.html',
      'junit.xml',
      'grades.csv',
      'summary.md',
      'reports/alice.html',
      'gradescope/alice/results.json',
      'classroom/alice.b64',
    ]) {
      expect(existsSync(join(out, path)), path).toBe(true);
    }
    expect(readFileSync(join(out, 'grades.csv'), 'utf8').split('\n')[0]).toMatch(/^id,/);
  });

  it('resumes: a second run reuses every unchanged result', () => {
    const again = run(['grade', sampleClass, '--secret', secret, '--out', out, '--jobs', '2', '--timeout-ms', '2000']);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/Graded 10 submissions \(10 unchanged, reused\)/);
  });

  it('does not resume across secrets: another salt draws other cases', () => {
    const again = run(['grade', join(sampleClass, 'alice'), '--out', out, '--format', 'json'], {
      CONVGRADE_SECRET: 'another-secret-of-enough-length',
    });
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/Graded 1 submission of/);
    const regraded = JSON.parse(readFileSync(join(out, 'results', 'alice.json'), 'utf8')) as SubmissionResult;
    expect(regraded.variant.saltFingerprint).not.toBe(results.get('alice')?.variant.saltFingerprint);
  });
});

describe('convgrade check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'convgrade-check-'));

  it('exits 0 for a correct solution, prints the summary and the report path', () => {
    const report = join(dir, 'alice.html');
    const result = run(['check', join(sampleClass, 'alice'), '--report', report, '--no-color']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Score: 11\/11/);
    expect(result.stdout).toContain(`Report: ${report}`);
    expect(readFileSync(report, 'utf8')).toMatch(/^<!doctype html>/i);
  });

  it('exits 1 and shows the misconception hint when a public case fails', () => {
    const result = run(['check', join(sampleClass, 'bob'), '--report', join(dir, 'bob.html'), '--no-color']);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/✗ q5 +0\/2/);
    expect(result.stdout).toMatch(/hint \[q5\.flipped\]/);
  });

  it('says once that the solution did not load, with the SciPy hint', () => {
    const result = run(['check', join(sampleClass, 'heidi'), '--report', join(dir, 'heidi.html'), '--no-color']);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^Your solution did not load: ImportError: .*gaussian/m);
    expect(result.stdout).toMatch(/use scipy\.signal\.windows\.gaussian/);
    expect(result.stdout.match(/the solution did not load \(see above\)/g)).toHaveLength(3);
  });

  it('stops quietly when its output pipe closes early', () => {
    // `true` exits without reading, so every write of check meets a closed pipe.
    const command = `"${process.execPath}" "${cli}" check "${join(sampleClass, 'bob')}" --report "${join(dir, 'pipe.html')}" --no-color | true; echo "status=\${PIPESTATUS[0]}"`;
    const piped = spawnSync('bash', ['-c', command], { encoding: 'utf8' });
    expect(piped.stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(piped.stdout.trim()).toBe('status=1');
  });

  it('treats a missing solution as a graded result, not a harness error', () => {
    const empty = mkdtempSync(join(tmpdir(), 'convgrade-empty-'));
    const result = run(['check', empty, '--report', join(dir, 'empty.html'), '--no-color']);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/Score: 0\/11/);
  });
});

describe('bad input to grade', () => {
  it('refuses hidden grading without a secret (exit 2, one clear line)', () => {
    const result = run(['grade', sampleClass, '--out', mkdtempSync(join(tmpdir(), 'convgrade-x-'))]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/secret salt/);
  });

  it('refuses a missing path and an unknown flag with exit 2', () => {
    expect(run(['grade', '/nonexistent/class', '--public']).status).toBe(2);
    expect(run(['grade', sampleClass, '--public', '--bogus']).status).toBe(2);
    expect(run(['grade', sampleClass, '--public', '--format', 'pdf']).stderr).toMatch(/--format must be/);
  });

  it('appends the Markdown summary to $GITHUB_STEP_SUMMARY and the Classroom result to $GITHUB_OUTPUT', () => {
    const dir = mkdtempSync(join(tmpdir(), 'convgrade-gh-'));
    const summary = join(dir, 'step-summary.md');
    const output = join(dir, 'github-output');
    writeFileSync(summary, '# earlier step\n');
    const result = run(
      ['grade', join(sampleClass, 'bob'), '--public', '--out', join(dir, 'out'), '--format', 'md,classroom'],
      { GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output },
    );
    expect(result.status).toBe(0);
    const markdown = readFileSync(summary, 'utf8');
    expect(markdown.startsWith('# earlier step\n')).toBe(true);
    expect(markdown).toContain('q5.flipped');
    const line = readFileSync(output, 'utf8').trim();
    expect(line).toMatch(/^result=[A-Za-z0-9+/=]+$/);
    const classroom = JSON.parse(Buffer.from(line.slice('result='.length), 'base64').toString('utf8')) as {
      max_score: number;
      tests: { score?: number }[];
    };
    expect(Number.isInteger(classroom.max_score)).toBe(true);
    expect(classroom.tests.length).toBeGreaterThan(0);
    expect(classroom.tests.reduce((sum, t) => sum + (t.score ?? 0), 0)).toBeLessThan(classroom.max_score);
  });

  it('writes --json for a single submission', () => {
    const json = join(mkdtempSync(join(tmpdir(), 'convgrade-json-')), 'alice.json');
    const out = mkdtempSync(join(tmpdir(), 'convgrade-out-'));
    const result = run([
      'grade',
      join(sampleClass, 'alice'),
      '--public',
      '--out',
      out,
      '--json',
      json,
      '--format',
      'json',
    ]);
    expect(result.status).toBe(0);
    const parsed = JSON.parse(readFileSync(json, 'utf8')) as SubmissionResult;
    expect(parsed.score).toBe(11);
    expect(execFileSync('ls', [out]).toString().trim()).toBe('results');
  });
});
