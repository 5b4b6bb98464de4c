import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { RawAnswer } from '../../../grader/result.js';
import {
  detectIsolation,
  intakeSubmission,
  runSubmission,
  type Call,
  type RunOptions,
  type RunReport,
} from '../../../grader/run/index.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/submissions/', import.meta.url));

export function fixture(lang: 'ts' | 'js' | 'py', behaviour: string): string {
  return `${FIXTURES}${lang}/${behaviour}`;
}

/** Both levels are tested explicitly; strict only where this machine has it (CI: always). */
export const strictAvailable = (await detectIsolation({ isolation: 'auto' })).level === 'strict';
export const LEVELS = (strictAvailable ? ['strict', 'basic'] : ['basic']) as readonly ('strict' | 'basic')[];

export async function runFixture(
  lang: 'ts' | 'js' | 'py',
  behaviour: string,
  calls: readonly Call[] | (() => readonly Call[] | Promise<readonly Call[]>),
  opts: Partial<RunOptions> & Pick<RunOptions, 'isolation'>,
): Promise<RunReport> {
  const intake = await intakeSubmission(fixture(lang, behaviour));
  if (!intake.ok) throw new Error(intake.reason);
  return runSubmission(intake.staged, calls, { timeoutMsPerCall: 4000, ...opts });
}

/** Asserts the kind of an answer (and optionally a message pattern); returns it narrowed. */
export function expectKind<K extends RawAnswer['kind']>(
  answer: RawAnswer | undefined,
  kind: K,
  message?: RegExp,
): Extract<RawAnswer, { kind: K }> {
  expect(answer?.kind, JSON.stringify(answer)).toBe(kind);
  const a = answer as Extract<RawAnswer, { kind: K }>;
  if (message !== undefined && 'message' in a) expect(a.message).toMatch(message);
  return a;
}

export function value(answer: RawAnswer | undefined): unknown {
  return expectKind(answer, 'value').value;
}

/** Live (non-zombie) processes whose real uid is `uid`: the tests' own check, from /proc (the product never scans it). */
export async function pidsOfUid(uid: number): Promise<number[]> {
  const { readdir, readFile } = await import('node:fs/promises');
  const pids: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = await readFile(`/proc/${name}/status`, 'utf8');
      const owner = /^Uid:\s+(\d+)/m.exec(status);
      const state = /^State:\s+(\S)/m.exec(status);
      if (owner && Number(owner[1]) === uid && state?.[1] !== 'Z' && state?.[1] !== 'X') pids.push(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}
