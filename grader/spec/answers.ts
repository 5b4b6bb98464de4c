/**
 * answers.yaml: a student's formula and choice answers, e.g.
 *
 *   q1: { HF: "(H - HK + 2*p)/s + 1", WF: "(W - WK + 2*p)/s + 1", CF: "1" }
 *   q4: b
 *
 * This only parses the file into plain strings (it is untrusted: size-capped, no aliases
 * expanded beyond a small bound). Formulas are parsed and evaluated by the judge.
 */
import { LineCounter, isMap, isPair, isScalar, parseDocument } from 'yaml';

export type AnswerEntry =
  | { readonly kind: 'fields'; readonly fields: Readonly<Record<string, string>> }
  | { readonly kind: 'choice'; readonly option: string };

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
  if (doc.errors.length > 0) {
    return {
      answers,
      problems: doc.errors.map((e) => `${at(e.pos[0])}: YAML syntax error: ${e.message.split('\n')[0] ?? ''}`),
    };
  }
  const problems: string[] = [];
  const root = doc.contents;
  if (root === null) return { answers, problems };
  if (!isMap(root))
    return { answers, problems: [`${at(root.range?.[0])}: answers.yaml must be a map from question id to answer`] };
  for (const item of root.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    const qid = String(item.key.value);
    const value = item.value;
    if (isScalar(value) && (typeof value.value === 'string' || typeof value.value === 'number')) {
      answers[qid] = { kind: 'choice', option: String(value.value).trim() };
    } else if (isMap(value)) {
      const fields: Record<string, string> = Object.create(null) as Record<string, string>;
      for (const pair of value.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const v = pair.value;
        if (isScalar(v) && (typeof v.value === 'string' || typeof v.value === 'number'))
          fields[String(pair.key.value)] = String(v.value);
        else
          problems.push(
            `${at(v?.range?.[0] ?? pair.key.range?.[0])}: ${qid}.${String(pair.key.value)} must be a formula string`,
          );
      }
      answers[qid] = { kind: 'fields', fields };
    } else {
      problems.push(
        `${at(value?.range?.[0] ?? item.key.range?.[0])}: ${qid} must be an option id or a map of formulas`,
      );
    }
  }
  return { answers, problems };
}
