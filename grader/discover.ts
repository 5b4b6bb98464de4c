/**
 * Turns the PATH arguments of `grade` into a list of submissions, each with a student id.
 * A PATH is one submission (a solution.* file, or a folder holding one or an answers.yaml) or
 * a folder of submissions (one entry per student, named by the student id).
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { UsageError } from './errors.js';

export interface DiscoveredSubmission {
  readonly id: string;
  readonly path: string;
}

const SUBMISSION_FILE = /\.(ts|js|mjs|py|ipynb|ya?ml)$/;
const SUBMISSION_MARKERS = [
  'solution.ts',
  'solution.js',
  'solution.mjs',
  'solution.py',
  'solution.ipynb',
  'answers.yaml',
  'answers.yml',
];

/** Whether a folder is itself one submission rather than a folder of them. */
export function isSubmissionFolder(path: string): boolean {
  const names = new Set(readdirSync(path));
  return SUBMISSION_MARKERS.some((marker) => names.has(marker));
}

/** The student id a file or folder stands for: its name, less a code extension for files. */
export function studentIdFor(path: string, isFile: boolean): string {
  const name = basename(path);
  if (!isFile) return name;
  if (SUBMISSION_MARKERS.includes(name)) return basename(resolve(path, '..'));
  const ext = extname(name);
  return ['.ts', '.js', '.mjs', '.py', '.ipynb', '.yaml', '.yml'].includes(ext) ? name.slice(0, -ext.length) : name;
}

/**
 * Lists submissions under the given paths, sorted by id. Hidden entries (dot files) are
 * skipped. Duplicate ids are a usage error, since each id names one output file.
 */
export function discoverSubmissions(paths: readonly string[], studentId?: string): DiscoveredSubmission[] {
  const found: DiscoveredSubmission[] = [];
  for (const raw of paths) {
    const path = resolve(raw);
    let stats;
    try {
      stats = lstatSync(path);
    } catch (error: unknown) {
      throw new UsageError(`No such file or folder: "${raw}"`, { cause: error });
    }
    if (!stats.isDirectory() || isSubmissionFolder(path)) {
      found.push({ id: studentId ?? studentIdFor(path, !stats.isDirectory()), path });
      continue;
    }
    for (const entry of readdirSync(path).sort()) {
      if (entry.startsWith('.')) continue;
      const entryPath = resolve(path, entry);
      const entryStats = lstatSync(entryPath);
      // Loose files other than code or answers (a README, a roster) are not students; symlinks
      // and other odd entries stay, so intake refuses them visibly.
      if (entryStats.isFile() && !SUBMISSION_FILE.test(entry)) continue;
      found.push({ id: studentIdFor(entryPath, !entryStats.isDirectory()), path: entryPath });
    }
  }
  if (studentId !== undefined && found.length > 1) {
    throw new UsageError(`--student names one submission, but ${found.length} were found`);
  }
  const seen = new Map<string, string>();
  for (const submission of found) {
    const other = seen.get(submission.id);
    if (other !== undefined) {
      throw new UsageError(
        `Two submissions have the student id "${submission.id}": "${other}" and "${submission.path}"`,
      );
    }
    seen.set(submission.id, submission.path);
  }
  return found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The longest file-safe id, in bytes: room for an extension and atomic-write temp names within NAME_MAX (255). */
export const MAX_FILE_ID_BYTES = 120;

/**
 * A file name for a student id: ids come from folder names and may hold anything, so keep
 * [A-Za-z0-9._@+-] and percent-encode every other UTF-8 byte (reversible, collision-free, no
 * path tricks). A leading dot is encoded too, so no id becomes a hidden file, "." or "..".
 * An encoding longer than MAX_FILE_ID_BYTES (a 255-byte name, 30 CJK characters) is cut at a
 * whole escape and ends in `~` and 16 hex digits of the id's sha256, so it stays unique; `~`
 * never occurs in an uncut name.
 */
export function fileSafeId(id: string): string {
  if (id === '') return '%';
  const parts = Array.from(new TextEncoder().encode(id)).map((byte, index) => {
    const ch = String.fromCharCode(byte);
    const keep = /[A-Za-z0-9_@+-]/.test(ch) || (ch === '.' && index > 0);
    return keep ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  });
  const whole = parts.join('');
  if (whole.length <= MAX_FILE_ID_BYTES) return whole;
  const suffix = `~${createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 16)}`;
  let cut = '';
  for (const part of parts) {
    if (cut.length + part.length + suffix.length > MAX_FILE_ID_BYTES) break;
    cut += part;
  }
  return cut + suffix;
}
