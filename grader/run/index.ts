/**
 * grader/run: student code meets the harness here (SECURITY.md). The only importer of
 * child processes among the grader folders.
 *
 * ```ts
 * const intake = await intakeSubmission('subs/alice');          // never throws for student problems
 * if (!intake.ok) … intake.reason …                             // symlink, missing file, too large, ambiguous
 * const report = await runSubmission(intake.staged,
 *   [{ fn: exportName(lang, 'gradKernel'), args: [dLdF, X] }],  // plain JSON arguments
 *   { isolation: 'auto', slot: 0 });
 * report.answers[i]   // RawAnswer for calls[i]: value | threw | missing | load-error | timeout | crashed | rejected
 * ```
 *
 * - `intakeSubmission(path, opts?) → Intake`: reads only `solution.ts|js|mjs|py|ipynb` and
 *   `answers.yaml|yml` (regular files, lstat + O_NOFOLLOW, 1 MiB / 256 KiB caps), transpiles
 *   TypeScript with esbuild (fixed config; a syntax error becomes `staged.loadError`), hashes
 *   the canonical names and contents (`staged.sha256`), returns answers.yaml as raw text; a
 *   notebook becomes a Python module of its code cells with `staged.lineMap` (for
 *   `mapNotebookMessage`) and `staged.notes` (the IPython magics dropped).
 * - `runSubmission(staged, calls, opts) → RunReport`: one sandbox per run, replaced after a
 *   crash or timeout (≤ maxRespawns); per-call deadline and per-submission budget; after a
 *   timeout the function's later calls are answered as not run (`afterTimeout: 'retry'` calls
 *   it again); a protocol
 *   violation stops the run and rejects the rest. Arguments reach JS as plain values and
 *   Python as plain lists/dicts/ints/floats (students call np.asarray themselves); answers come
 *   back as AnswerValue (ndarrays as nested arrays, NaN/±Infinity/−0 kept, records with a null
 *   prototype).
 * - `detectIsolation({isolation}) → {level, note?}`: strict (enter.pl → bwrap with seccomp; root:
 *   + setpriv per-slot uid + prlimit), uid (root without namespaces: enter.pl with seccomp →
 *   setpriv → prlimit), or basic; `strict`/`uid` throw EnvironmentError when unavailable, `auto`
 *   falls back strict > uid > basic. Strict and uid runs join their slot's cgroup (cgroup.ts) and
 *   are reaped through it (reaper.ts).
 * - `guardFromSandbox(tools, paths)`: at the uid level, proves a sandbox uid can neither read nor
 *   write the grader's secrets, results and sources (or fixes their modes), else refuses.
 * - `exportName(language, camelName)`: the snake_case Python spelling of an API name.
 *
 * - Python under strict isolation as root: each sandbox is a fork of the slot's zygote (zygote.ts,
 *   relay/python-zygote.py), which imported numpy, scipy.signal and the spec's `python.preload`
 *   once; the child is confined exactly as a fresh sandbox. `RunOptions.pythonZygote: false` or
 *   CONVGRADE_PYTHON_ZYGOTE=0 turns it off.
 * - `prewarmSandbox(path, {isolation, slot, budgetMs})`: starts the slot's sandbox from the
 *   submission's file names alone, before intake and the spec are done (check, P1); the next
 *   runSubmission on that slot takes it when it is exactly the sandbox it would start, else it
 *   is discarded like a run's. `discardPrewarmed()` ends one nobody took.
 * - `sandboxBaselines()`: the bare sandboxed interpreter starts the benchmarks compare with (P2).
 *
 * Loading the runner makes the grader ignore SIGUSR1: Node would otherwise open its
 * inspector on that signal (`process._debugProcess(ppid)` from a basic-isolation child),
 * exposing the grader's memory, expected values included, over loopback.
 */
export { intakeSubmission, type Intake, type IntakeOptions, type StagedSubmission } from './intake.js';
export { mapNotebookMessage, type CellLine } from './notebook.js';
export {
  AFTER_TIMEOUT,
  runSubmission,
  type AfterTimeout,
  type Call,
  type RunOptions,
  type RunReport,
} from './run-submission.js';
export { discardPrewarmed, prewarmSandbox, type PrewarmOptions } from './prewarm.js';
export {
  detectIsolation,
  forgetStrictProbe,
  ISOLATION_REQUESTS,
  rememberStrictProbe,
  strictFromMemory,
  type Isolation,
  type IsolationRequest,
  type ProbeMemory,
} from './isolation.js';
export { guardFromSandbox, type GuardedPaths } from './guard.js';
export { exportName } from './export-name.js';
export { transpileTypeScript, type Transpiled } from './transpile.js';
export { resolvePython, type PythonInstall } from './python.js';
export { GAUSSIAN_HINT } from './python-hints.js';
export { sandboxBaselines, type SandboxBaselines } from './baseline.js';
