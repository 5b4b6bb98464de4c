/** Choice answers: the student's option id, hashed like the spec's key, must equal the key. */
import type { CaseResult, Visibility } from '../result.js';
import type { ChoiceAnswer, ExerciseSpec, QuestionSpec } from '../spec/index.js';
import { hashChoice } from '../variant/index.js';

export function judgeChoice(
  spec: ExerciseSpec,
  question: QuestionSpec,
  choice: ChoiceAnswer,
  option: string,
  options: { readonly visibility: Visibility; readonly caseScore: number },
): CaseResult {
  const id = `${question.id}#1`;
  const known = choice.options.find((o) => o.id === option);
  const base = { id, maxScore: options.caseScore };
  const shown = options.visibility === 'public' ? { inputs: choice.options.map((o) => o.id), actual: option } : {};
  if (known === undefined) {
    return {
      ...base,
      ...shown,
      status: 'error',
      score: 0,
      message: `"${option}" is not an option of ${question.id} (options: ${choice.options.map((o) => o.id).join(', ')})`,
    };
  }
  if (hashChoice(spec.salt, question.id, option) === choice.key)
    return { ...base, ...shown, status: 'passed', score: options.caseScore, message: 'correct' };
  // The option's hint goes into the message too: only misconception hints have their own box in the
  // reports, and a wrong choice is where a student most needs the nudge.
  const message = `option "${option}" is not the right answer${known.hint === undefined ? '' : `. ${known.hint}`}`;
  return {
    ...base,
    ...shown,
    status: 'failed',
    score: 0,
    message,
    ...(known.hint === undefined ? {} : { hint: known.hint }),
  };
}
