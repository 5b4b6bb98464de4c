/**
 * answers.yaml: a student's answers that are not code, by question id, e.g.
 *
 *   q1: { HF: "(H - HK + 2*p)/s + 1", WF: "(W - WK + 2*p)/s + 1", CF: "1" }   fields of a record answer
 *   q2: { convMultiplications: "…", fcMultiplications: "…" }                 one formula per function
 *   q4: b                                                                     an option id
 *   q5: "correlate2d(X, dLdF, 'valid')"                                       a whole answer
 *
 * This only parses the file into strings with their source positions (it is untrusted:
 * size-capped, no aliases expanded beyond a small bound); the judge decides what each entry
 * means for its question and parses the formulas.
 */
import { LineCounter, isMap, isPair, isScalar, parseDocument } from 'yaml';
import { scalarSource, type ScalarSource } from './positions.js';
import { yamlSyntaxProblems } from './yaml-errors.js';

/** One string of answers.yaml and where it is written. */
export interface AnswerText {
  readonly text: string;
  /** Null only for a value that was not a scalar string. */
  readonly scalar: ScalarSource | null;
}

export type AnswerEntry =
  /** An option id, or a formula for the whole answer. */
  | { readonly kind: 'text'; readonly value: AnswerText }
  /** Formulas by field of a record answer, or by function of a question with several. */
  | { readonly kind: 'fields'; readonly fields: Readonly<Record<string, AnswerText>> };

export interface AnswersFile {
  /** By question id; null-prototype. */
  readonly answers: Readonly<Record<string, AnswerEntry>>;
  /** Problems with the file, `answers.yaml:line:col: message`; the affected questions are absent. */
  readonly problems: readonly string[];
}

export const MAX_ANSWERS_BYTES = 64 * 1024;

/** Parses answers.yaml text; never throws on bad student input. */
export function parseAnswers(text: string, file = 'answers.yaml'): AnswersFile {
  const answers: Record<string, AnswerEntry> = Object.create(null) as Record<string, AnswerEntry>;
  if (text.length > MAX_ANSWERS_BYTES)
    return { answers, problems: [`${file}:1:1: answers file larger than ${MAX_ANSWERS_BYTES} bytes`] };
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined): string => {
    const { line, col } = lines.linePos(offset ?? 0);
    return `${file}:${line}:${col}`;
  };
  if (doc.errors.length > 0) return { answers, problems: yamlSyntaxProblems(file, text, doc, lines) };
  const problems: string[] = [];
  const root = doc.contents;
  if (root === null) return { answers, problems };
  if (!isMap(root))
    return { answers, problems: [`${at(root.range?.[0])}: answers.yaml must be a map from question id to answer`] };
  const stringOf = (node: unknown): AnswerText | undefined =>
    isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')
      ? { text: String(node.value), scalar: scalarSource(file, text, lines, node) }
      : undefined;
  for (const item of root.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    const qid = String(item.key.value);
    const value = item.value;
    const whole = stringOf(value);
    if (whole !== undefined) {
      answers[qid] = { kind: 'text', value: whole };
    } else if (isMap(value)) {
      const fields: Record<string, AnswerText> = Object.create(null) as Record<string, AnswerText>;
      for (const pair of value.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const field = stringOf(pair.value);
        if (field !== undefined) fields[String(pair.key.value)] = field;
        else
          problems.push(
            `${at((pair.value as { range?: number[] } | null)?.range?.[0] ?? pair.key.range?.[0])}: ${qid}.${String(pair.key.value)} must be a formula string`,
          );
      }
      answers[qid] = { kind: 'fields', fields };
    } else {
      problems.push(
        `${at(value?.range?.[0] ?? item.key.range?.[0])}: ${qid} must be an option id, a formula or a map of formulas`,
      );
    }
  }
  return { answers, problems };
}
