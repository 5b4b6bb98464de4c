/**
 * The hostile corpus of SECURITY.md, one row per fixture in test/fixtures/hostile/, with the
 * outcome each must get under strict isolation. Every fixture is a full submission (the staff
 * solution plus the attack, with the staff answers.yaml), so the expected score is exactly what
 * its real return values earn: answers.yaml's formulas for q1/q2 and choice for q4 count where
 * the code does not load (code wins when both are present, EXERCISES.md).
 */
import { cpSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { QuestionStatus } from '../../grader/result.js';

/**
 * `shared`: graded two at a time next to honest controls; `hogs`: graded one at a time on one
 * uid (CPU hogs, and attacks that look for what an earlier run on the same uid left);
 * `neighbours`: CPU and memory hogs graded two at a time, each beside an honest control that
 * must still be graded normally (the slot cgroups' CPU weight and memory limit, S12).
 */
export type Batch = 'shared' | 'hogs' | 'neighbours';

/** What a row must get; `uid` overrides parts of it at the uid level (absent: not run there). */
export interface Outcome {
  readonly score: number;
  /** Questions that must not pass, with their status; every other question must pass. */
  readonly lost: Readonly<Record<string, QuestionStatus>>;
  /** Each pattern must match at least one case message ("q6 error: …"). */
  readonly messages?: readonly RegExp[];
  /** Text that must not appear in the captured stdout/stderr shown to the student. */
  readonly neverPrinted?: readonly string[];
  /** Text that must appear in the captured output (the attack really ran). */
  readonly printed?: RegExp;
  /** The isolation note (shown in reports) must match. */
  readonly note?: RegExp;
  /**
   * Timing decides how much of the run the attack reaches: `score` is then a maximum, and every
   * case that does not pass must have failed closed (a protocol violation, S8).
   */
  readonly failsClosed?: boolean;
}

export interface CorpusRow extends Outcome {
  /** The row of SECURITY.md's hostile corpus (or of issue 11) it covers. */
  readonly row: string;
  readonly fixture: string;
  readonly batch: Batch;
  /** At the uid level (test/security/uid-corpus.test.ts): what differs from the strict outcome. */
  readonly uid?: Partial<Outcome>;
}

const LOAD_FAILED = { q3: 'error', q5: 'error', q6: 'error' } as const;
const ALL_CODE_REJECTED = { q1: 'error', q2: 'error', q3: 'error', q5: 'error', q6: 'error' } as const;
/**
 * The per-call limit of each batch, from the machine's measured unit (helpers.ts measureUnitMs:
 * one sandboxed Python + numpy start). Hogs spin until their limit, so theirs stays 2 s. The other
 * batches' attacks must end by themselves (a MemoryError after touching 400 MB arrays, say): at
 * least 4 s, and 25 units on a loaded machine, where touching that memory alone took over 4 s
 * (a full run at load 17–29 timed `numpy-bomb` out instead of letting it fail).
 */
export function timeoutsMs(unitMs: number): Readonly<Record<Batch, number>> {
  const ownPace = Math.max(4000, Math.round(25 * unitMs));
  return { shared: ownPace, hogs: 2000, neighbours: ownPace };
}

/** The outcome of a row at a level: the strict one, with the uid overrides at uid. */
export function outcomeAt(row: CorpusRow, level: 'strict' | 'uid'): Outcome {
  return level === 'uid' ? { ...row, ...row.uid } : row;
}

/** Brackets nested 250 000 deep (a 500 KB solution.ts): written at test time rather than committed. */
const DEEP = 250_000;
/** Fixtures generated into a batch instead of copied from test/fixtures/hostile/. */
export const GENERATED: Readonly<Record<string, (dir: string, hostile: string) => void>> = {
  'deep-brackets-ts': (dir, hostile) => {
    cpSync(join(hostile, 'control-ts', 'answers.yaml'), join(dir, 'answers.yaml'));
    writeFileSync(
      join(dir, 'solution.ts'),
      `// Hostile: brackets nested ${DEEP} deep, which crashed esbuild's shared service (stack overflow).\nexport const deep: unknown = ${'['.repeat(DEEP)}${']'.repeat(DEEP)};\n`,
    );
  },
};

export const CORPUS: readonly CorpusRow[] = [
  {
    row: 'prints fake "All tests passed" / Gradescope JSON',
    fixture: 'fake-pass-output',
    batch: 'shared',
    score: 1,
    lost: { q1: 'failed', q2: 'failed', q3: 'failed', q5: 'failed', q6: 'failed' },
    messages: [/^q1 failed: .*differ/, /^q5 failed: .*entries differ beyond the tolerance/],
    printed: /All tests passed[\s\S]*"score": 11/,
  },
  {
    row: '`process.exit(0)` at import',
    fixture: 'exit-at-import-js',
    batch: 'shared',
    score: 5,
    lost: LOAD_FAILED,
    messages: [
      /^q3 error: the submission could not be loaded: The process exited with code 0 while loading the module/,
    ],
  },
  {
    row: '`sys.exit(0)` at import',
    fixture: 'exit-at-import-py',
    batch: 'shared',
    score: 5,
    lost: LOAD_FAILED,
    messages: [/^q5 error: the submission could not be loaded: The module called sys\.exit\(0\)/],
  },
  {
    row: '`os._exit` inside one function',
    fixture: 'os-exit-in-call',
    batch: 'shared',
    score: 9,
    lost: { q5: 'error' },
    messages: [/^q5 error: .*exited with code 0 while running grad_kernel/],
  },
  {
    row: 'always-true `__eq__`, int subclass, `__array_function__` object',
    fixture: 'fake-equality',
    batch: 'shared',
    score: 3,
    lost: { q1: 'error', q2: 'error', q5: 'error', q6: 'error' },
    messages: [
      /^q1 error: .*AlwaysEqual at \['HF'\] is not an answer/,
      /^q2 error: .*Sneaky/,
      /^q5 error: .*ArrayLike at the top level is not an answer/,
      /^q6 error: .*SneakyArray/,
    ],
  },
  {
    row: '`Symbol.toPrimitive`/`valueOf` tricks, Proxy',
    fixture: 'primitive-tricks',
    batch: 'shared',
    score: 3,
    lost: { q1: 'error', q2: 'error', q5: 'error', q6: 'error' },
    messages: [
      /^q1 error: .*A Proxy at the top level is not an answer/,
      /^q2 error: .*valueOf/,
      /^q6 error: .*A Proxy at \[0\]/,
    ],
  },
  {
    row: 'patched `JSON`/`toJSON`/`assert` (JavaScript)',
    fixture: 'patched-runtime-js',
    batch: 'shared',
    score: 3,
    lost: { q2: 'failed', q3: 'failed', q5: 'failed', q6: 'failed' },
  },
  {
    row: 'patched `json`/numpy comparisons/builtins (Python)',
    fixture: 'patched-runtime-py',
    batch: 'shared',
    score: 3,
    lost: { q2: 'failed', q3: 'failed', q5: 'failed', q6: 'failed' },
  },
  {
    row: 'forged lines written to fd 3 at import (TypeScript)',
    fixture: 'forged-fd3-ts',
    batch: 'shared',
    score: 1,
    lost: ALL_CODE_REJECTED,
    messages: [
      /^q1 error: .*Protocol violation: A reply with an id that was never sent/,
      /^q6 error: .*Not run: the run was stopped after a protocol violation/,
    ],
    note: /protocol violation/,
  },
  {
    row: "forged lines written to fd 3 at import (Python, the relay's private descriptor)",
    fixture: 'forged-fd3-py',
    batch: 'shared',
    score: 1,
    lost: ALL_CODE_REJECTED,
    messages: [/Protocol violation/],
    note: /protocol violation/,
    uid: {},
  },
  {
    row: 'reads the requests itself and answers a constant',
    fixture: 'answers-constant',
    batch: 'shared',
    score: 1,
    lost: { q1: 'failed', q2: 'failed', q3: 'failed', q5: 'failed', q6: 'failed' },
    messages: [
      /^q5 failed: expected a \d+×\d+ array \(nested lists or an ndarray\), got a dict with keys 'HF', 'WF', 'CF'/,
    ],
  },
  {
    row: 'a 5 MB line on fd 3',
    fixture: 'five-mb-line',
    batch: 'shared',
    score: 7,
    lost: { q5: 'error', q6: 'error' },
    messages: [/^q5 error: .*Protocol violation: A reply with an id that was never sent/, /^q6 error: .*Not run/],
    note: /protocol violation/,
  },
  {
    row: 'a 5 MB line on fd 3 (an honest 5 MB answer)',
    fixture: 'huge-answer',
    batch: 'shared',
    score: 9,
    lost: { q6: 'failed' },
    messages: [/^q6 failed: expected a \d+×\d+ array \(nested arrays\), got the string "All tests passed/],
  },
  {
    row: '`__proto__` payload',
    fixture: 'proto-payload',
    batch: 'shared',
    score: 9,
    lost: { q1: 'failed' },
    messages: [/^q1 failed: missing keys "HF", "WF", "CF"; unexpected keys "__proto__", "constructor"/],
  },
  {
    row: 'reads the spec, `/proc/1/environ`, other submissions, `/etc/shadow`; writes a results file',
    fixture: 'snoop',
    batch: 'shared',
    score: 9,
    lost: { q6: 'error' },
    messages: [/^q6 error: grad_input raised an error: RuntimeError: loot:/],
    printed: /os\.environ: \{'PATH': '\/usr\/bin:\/bin'/,
    neverPrinted: ['WROTE', '/etc/shadow:', 'HONEST-CONTROL-SOURCE-MARKER', 'salt:', 'convgrade-canary', 'root:x:0:0'],
    // The host's world-readable files are readable at the uid level (/etc/passwd, this checkout's
    // fixtures and public specs, whose `salt:` line is the public one); the batch's other
    // submissions, the secret salt (`salt-CANARY-…` in the --secret file) and the canary are not.
    // Which world-readable files the walk reaches depends on where the checkout lies (a fresh CI
    // clone: its specs, printed with their `salt:` line), so only the secret's form is a marker.
    uid: { neverPrinted: ['WROTE', '/etc/shadow:', 'salt-CANARY-', 'convgrade-canary'] },
  },
  {
    row: 'scans `gc` for expected values',
    fixture: 'gc-scan',
    batch: 'shared',
    score: 9,
    lost: { q5: 'failed' },
    printed: /nothing in gc/,
  },
  {
    row: 'a symlinked solution file',
    fixture: 'symlinked-solution',
    batch: 'shared',
    score: 0,
    lost: { q1: 'error', q2: 'error', q3: 'error', q4: 'missing', q5: 'error', q6: 'error' },
    messages: [
      /^q1 error: the submission could not be loaded: solution\.py is a symbolic link; submit regular files only/,
    ],
  },
  {
    row: 'ships its own `json.py`/`numpy.py`',
    fixture: 'shadow-modules',
    batch: 'shared',
    score: 11,
    lost: {},
    neverPrinted: ['SHADOW-MODULE-LOADED'],
  },
  {
    row: 'infinite loop at import',
    fixture: 'loop-at-import',
    batch: 'hogs',
    score: 5,
    lost: LOAD_FAILED,
    messages: [
      /^q3 error: the submission could not be loaded: Loading the module did not finish within \d+ ms|^q3 error: .*time budget/,
    ],
  },
  {
    row: 'ignores SIGTERM then spins',
    fixture: 'ignores-sigterm',
    batch: 'hogs',
    score: 9,
    lost: { q6: 'error' },
    messages: [
      /^q6 timeout: grad_input ran out of time: grad_input did not answer within 2000 ms; the sandbox was killed/,
    ],
  },
  {
    row: 'heap bomb',
    fixture: 'heap-bomb',
    batch: 'hogs',
    score: 9,
    lost: { q5: 'error' },
    messages: [/^q5 (timeout|error): .*(did not answer within 2000 ms|exited with code 13[34]|killed by)/],
    uid: {},
  },
  {
    row: 'ArrayBuffer bomb',
    fixture: 'arraybuffer-bomb',
    batch: 'shared',
    score: 9,
    lost: { q6: 'error' },
    messages: [/^q6 error: gradInput raised an error: RangeError: Array buffer allocation failed/],
  },
  {
    row: 'numpy memory bomb',
    fixture: 'numpy-bomb',
    batch: 'shared',
    score: 9,
    lost: { q5: 'error' },
    messages: [/^q5 error: grad_kernel raised an error: MemoryError/],
    uid: {},
  },
  {
    row: 'numpy memory bomb (a zero-size array of shape (10**15, 0), aimed at the grader)',
    fixture: 'ndarray-shape-bomb',
    batch: 'shared',
    score: 9,
    lost: { q6: 'error' },
    messages: [
      /^q6 error: .*An empty numpy array of shape \(1000000000000000, 0\) at the top level has more than 65536 rows/,
    ],
  },
  {
    row: 'fork bomb, graded at the same time as an honest submission (--jobs 2)',
    fixture: 'fork-bomb',
    batch: 'neighbours',
    score: 9,
    lost: { q6: 'error' },
    messages: [/^q6 timeout: .*did not answer within \d+ ms/],
    uid: {},
  },
  {
    row: 'double-fork daemon',
    fixture: 'daemon',
    batch: 'shared',
    score: 11,
    lost: {},
    // The daemon lives as long as its run (the sandbox's pid namespace, or at the uid level the run's
    // cgroup) and writes 2 s in: when the run is still going (a loaded machine, or the uid level
    // where nothing kills it earlier) its forged line on the answer channel is a protocol violation
    // (S8) and can only lose points. What it never does is outlive the run: no process is left
    // (checked after every run) and nothing it writes later arrives.
    failsClosed: true,
    uid: {},
  },
  {
    row: 'fills /tmp',
    fixture: 'fills-tmp',
    batch: 'shared',
    score: 11,
    lost: {},
    printed: /\/tmp\/fill OSError[\s\S]*\/dev\/shm\/fill (FileNotFoundError|PermissionError)/,
    // Uid: the host's /tmp and /dev/shm, each file stopped at the file-size limit, removed after the run.
    uid: {
      printed: /\/tmp\/fill OSError[\s\S]*\/dev\/shm\/fill OSError/,
      note: /file\(s\) the sandbox left in shared temporary folders were removed/,
    },
  },
  {
    row: 'prints forever',
    fixture: 'prints-forever',
    batch: 'shared',
    score: 9,
    lost: { q6: 'error' },
    messages: [
      /^q6 error: .*gradInput printed more than 8 MiB of output and was stopped; the remaining calls ran in a new sandbox/,
    ],
    uid: {},
  },
  {
    row: '`child_process`, `Worker`',
    fixture: 'child-process-worker',
    batch: 'shared',
    score: 7,
    lost: { q5: 'error', q6: 'error' },
    messages: [
      /^q5 error: gradKernel raised an error: Error: Access to this API has been restricted/,
      /^q6 error: gradInput raised an error: Error: Access to this API has been restricted/,
    ],
    uid: {},
  },
  {
    row: "network and DNS, including the grader's inspector port (TypeScript)",
    fixture: 'network-ts',
    batch: 'shared',
    score: 11,
    lost: {},
    // socket() is allowed for AF_UNIX only (the seccomp filter): every connection fails with EPERM.
    printed: /dns (EAI_AGAIN|ENOTFOUND|ESERVFAIL|ECONNREFUSED|EPERM)[\s\S]*EPERM 127\.0\.0\.1:9229/,
    neverPrinted: ['NETWORK-REACHED'],
    uid: {},
  },
  {
    row: 'network and DNS, including every port the host listens on (Python)',
    fixture: 'network-py',
    batch: 'shared',
    score: 11,
    lost: {},
    printed: /no 127\.0\.0\.1 9229 PermissionError/,
    neverPrinted: ['NETWORK-REACHED'],
    uid: {},
  },
  {
    row: '`process._debugProcess`, `kill(-1)`',
    fixture: 'kill-all-js',
    batch: 'shared',
    score: 11,
    lost: {},
    printed: /_debugProcess: Error: EPERM[\s\S]*kill\(1, SIGKILL\): EPERM/,
    uid: {},
  },
  {
    row: '`kill(-1)` and every pid in /proc (Python)',
    fixture: 'kill-all-py',
    batch: 'shared',
    score: 11,
    lost: {},
    uid: {},
  },
  {
    row: 'ctypes `setuid(0)`/`unshare`',
    fixture: 'setuid-unshare',
    batch: 'shared',
    score: 11,
    lost: {},
    printed: /setuid\(0\) = -1/,
    neverPrinted: ['ROOT-GAINED'],
    uid: {},
  },
  {
    row: 'answers after the deadline',
    fixture: 'late-answer',
    batch: 'hogs',
    score: 9,
    lost: { q6: 'error' },
    messages: [/^q6 timeout: gradInput ran out of time: gradInput did not answer within 2000 ms/],
    uid: {},
  },
  {
    row: 'malicious tsconfig',
    fixture: 'malicious-tsconfig',
    batch: 'shared',
    score: 11,
    lost: {},
    neverPrinted: ['HOOK-RAN'],
  },
  {
    row: '`conftest.py`/`sitecustomize.py`',
    fixture: 'conftest-sitecustomize',
    batch: 'shared',
    score: 11,
    lost: {},
    neverPrinted: ['HOOK-RAN'],
  },

  {
    row: "reads the grader's session keyring (a CI token) and /proc/keys; leaves a key with add_key",
    fixture: 'keyring-read',
    batch: 'hogs',
    score: 11,
    lost: {},
    printed:
      /keyctl search: Operation not permitted[\s\S]*request_key: Operation not permitted[\s\S]*add_key: Operation not permitted/,
    neverPrinted: ['LOOT:', 'FOUND-PERSISTED-KEY'],
    uid: {},
  },
  {
    row: 'looks for the key an earlier run on the same uid left (add_key persistence)',
    fixture: 'keyring-persist',
    batch: 'hogs',
    score: 11,
    lost: {},
    printed: /previous run's key: Operation not permitted/,
    neverPrinted: ['LOOT:', 'FOUND-PERSISTED-KEY'],
    uid: {},
  },
  {
    row: 'io_uring, bpf, perf_event_open, userfaultfd, nested user/mount namespaces, clone3, mount, setns, ptrace',
    fixture: 'kernel-surface',
    batch: 'shared',
    score: 11,
    lost: {},
    printed:
      /io_uring_setup: Operation not permitted\nbpf: Operation not permitted\nperf_event_open: Operation not permitted\nuserfaultfd: Operation not permitted\nunshare: Operation not permitted\nunshare: Operation not permitted\nclone: Operation not permitted\nclone3: Function not implemented\nmount: Operation not permitted\nsetns: Operation not permitted\nptrace: Operation not permitted/,
    neverPrinted: ['ALLOWED'],
    uid: {},
  },
  {
    row: 'memfd pages, a tmpfs in a nested user+mount namespace, /dev/shm and /tmp files: 3 GiB past RLIMIT_AS',
    fixture: 'shm-bomb',
    batch: 'neighbours',
    // Strict: no nested namespace, no /dev/shm, a 16 MiB /tmp: it holds ~600 MiB of memfds and stops.
    score: 11,
    lost: {},
    printed: /unshare: Operation not permitted[\s\S]*held \d+ MiB in the end/,
    neverPrinted: ['NESTED-NAMESPACE-CREATED'],
    // Uid: /dev/shm is the host's; the slot cgroup's memory limit kills it, its files are removed.
    uid: {
      score: 9,
      lost: { q5: 'error' },
      messages: [/^q5 error: .*(killed by SIGKILL|exited with code 137)/],
      printed: /unshare: Operation not permitted[\s\S]*held \d+ MiB/,
      note: /file\(s\) the sandbox left in shared temporary folders were removed/,
    },
  },
  {
    row: 'the Gradescope forgery: a do-nothing starter that reads --root and the salt and leaves a results.json-rewriting daemon',
    fixture: 'forge-gradescope',
    batch: 'shared',
    score: 0,
    lost: { q1: 'error', q2: 'error', q3: 'error', q4: 'missing', q5: 'error', q6: 'error' },
    printed: /forge: \{"root": /,
    neverPrinted: ['salt-CANARY', 'FORGED-BY-DAEMON'],
    uid: {},
  },
  {
    row: 'a 500 KB solution.ts with brackets nested 250 000 deep (crashed the shared TypeScript service)',
    fixture: 'deep-brackets-ts',
    batch: 'shared',
    score: 5,
    lost: LOAD_FAILED,
    messages: [
      /^q3 error: the submission could not be loaded: TypeScript does not compile:\nsolution\.ts:2: brackets are nested more than 500 levels deep/,
    ],
    uid: {},
  },
  {
    row: 'notebook: outputs stored past the notebook cap',
    fixture: 'notebook-huge-outputs-py',
    batch: 'shared',
    score: 0,
    lost: { q1: 'error', q2: 'error', q3: 'error', q4: 'missing', q5: 'error', q6: 'error' },
    messages: [
      /^q1 error: the submission could not be loaded: solution\.ipynb is \d+ bytes; the limit is 4194304: clear the notebook's outputs/,
    ],
  },
  {
    row: 'notebook: a cell that execs the rest (and re-runs the module, and looks for the .ipynb)',
    fixture: 'notebook-exec-rest-py',
    batch: 'shared',
    score: 11,
    lost: {},
    printed: /no notebook FileNotFoundError[\s\S]*RE-EXECUTED solution\.py/,
    neverPrinted: ['NOTEBOOK-FOUND'],
  },
  {
    row: 'notebook: malformed JSON',
    fixture: 'notebook-malformed-py',
    batch: 'shared',
    score: 5,
    lost: LOAD_FAILED,
    messages: [
      /^q3 error: the submission could not be loaded: solution\.ipynb is not valid JSON: .*\(line \d+, column \d+\)/,
    ],
  },
  {
    row: 'notebook: snoop and network escapes in cells, with shell and magic lines',
    fixture: 'notebook-escape-py',
    batch: 'shared',
    score: 9,
    lost: { q6: 'error' },
    messages: [/^q6 error: grad_input raised an error: RuntimeError: loot:/],
    printed: /os\.environ: \{'PATH': '\/usr\/bin:\/bin'/,
    neverPrinted: ['WROTE', '/etc/shadow:', 'root:x:0:0', 'NETWORK-REACHED', 'salt:', 'convgrade-canary'],
  },
];

/** The honest control graded right after each attack, in the attack's language: its solution file's. */
export function controlFor(fixture: string): string {
  const dir = join(import.meta.dirname, '..', 'fixtures', 'hostile', fixture);
  // Generated fixtures (GENERATED) have no folder: their name ends in their language.
  const files = existsSync(dir) ? readdirSync(dir) : [];
  if (fixture.endsWith('-py') || files.includes('solution.py') || files.includes('solution.ipynb')) return 'control-py';
  if (fixture.endsWith('-ts') || files.includes('solution.ts')) return 'control-ts';
  return 'control-js';
}
