/**
 * Loading specs: YAML with source positions → schema check → normalised ExerciseSpec. Every
 * problem of every file is collected as `file:line:col: message`; nothing stops at the first.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { SpecBuilder, type SpecCheckOptions } from './build.js';
import { formatLoc, keyNodeAt, locOf, nodeAt } from './positions.js';
import { validateAgainstSchema } from './schema.js';
import { yamlSyntaxProblems } from './yaml-errors.js';
import type { ExerciseSpec } from './types.js';

export interface SpecParse {
  /** Null when the file has problems that stop it from being built at all. */
  readonly spec: ExerciseSpec | null;
  readonly problems: readonly string[];
  /** The spec as built despite its problems, when it passed the schema (so later checks can add theirs). */
  readonly draft?: ExerciseSpec;
}

/** Parses one spec's text; `file` is only used in messages and provenance. */
export function parseSpec(text: string, file: string, options: SpecCheckOptions = {}): SpecParse {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const syntax = yamlSyntaxProblems(file, text, doc, lines);
  if (doc.errors.length > 0) return { spec: null, problems: syntax };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (error: unknown) {
    // yaml throws (ReferenceError) on an unresolved alias or an alias bomb past maxAliasCount.
    const message = error instanceof Error ? error.message : String(error);
    const alias = /alias[^:]*: (\S+)/i.exec(message)?.[1];
    const offset = alias === undefined ? -1 : text.indexOf(`*${alias}`);
    const pos = lines.linePos(Math.max(0, offset));
    return {
      spec: null,
      problems: [...syntax, `${file}:${pos.line}:${pos.col}: YAML error: ${message.split('\n')[0] ?? message}`],
    };
  }
  const schemaProblems = validateAgainstSchema(data);
  if (schemaProblems.length > 0) {
    const problems = schemaProblems.map((p) =>
      formatLoc(locOf(file, lines, p.atKey ? keyNodeAt(doc, p.path) : nodeAt(doc, p.path)), p.message),
    );
    return { spec: null, problems: [...syntax, ...sortByPosition(problems)] };
  }
  const builder = new SpecBuilder(file, text, doc, lines, options);
  const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
  const spec = builder.build(data as Record<string, unknown>, sha256);
  const problems = [...syntax, ...sortByPosition(builder.problems)];
  return problems.length === 0 ? { spec, problems } : { spec: null, problems, draft: spec };
}

/** Reads and parses every file; unreadable files are problems too. */
export function loadSpecs(
  files: readonly string[],
  options: SpecCheckOptions = {},
): { specs: ExerciseSpec[]; problems: string[]; drafts: ExerciseSpec[] } {
  const specs: ExerciseSpec[] = [];
  const problems: string[] = [];
  const drafts: ExerciseSpec[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error: unknown) {
      const code =
        typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unknown error';
      problems.push(`${file}:1:1: cannot read the spec (${code})`);
      continue;
    }
    const parsed = parseSpec(text, file, options);
    problems.push(...parsed.problems);
    if (parsed.spec !== null) specs.push(parsed.spec);
    if (parsed.draft !== undefined) drafts.push(parsed.draft);
  }
  return { specs, problems, drafts };
}

function sortByPosition(problems: readonly string[]): string[] {
  const key = (p: string): [number, number] => {
    const match = /:(\d+):(\d+): /.exec(p);
    return [Number(match?.[1] ?? 0), Number(match?.[2] ?? 0)];
  };
  return [...problems].sort((a, b) => {
    const [la, ca] = key(a);
    const [lb, cb] = key(b);
    return la - lb || ca - cb;
  });
}
