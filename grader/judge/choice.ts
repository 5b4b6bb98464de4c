/**
 * Choice answers: the student's option id, hashed like the spec's key, must equal the key. An
 * answer that is not an id but an option's text (whitespace, case and a final full stop aside)
 * counts as that option, with a note to write the id next time, unless the spec says
 * `optionText: false`.
 */
import type { CaseResult, Visibility } from '../result.js';
import type { ChoiceAnswer, ChoiceOption, ExerciseSpec, QuestionSpec } from '../spec/index.js';
import { hashChoice } from '../variant/index.js';

export interface JudgedChoice {
  readonly result: CaseResult;
  /** Set when the answer was an option's text rather than its id. */
  readonly note?: string;
}

/** Text for comparing: whitespace runs as one space, lower case, no surrounding quotes or final full stop. */
export function normaliseOptionText(text: string): string {
  return text
    .trim()
    .replace(/^(["'])([\s\S]*)\1$/, '$2')
    .replace(/\s+/g, ' ')
    .replace(/[.\s]+$/, '')
    .toLowerCase();
}

export function judgeChoice(
  spec: ExerciseSpec,
  question: QuestionSpec,
  choice: ChoiceAnswer,
  answer: string,
  options: { readonly visibility: Visibility; readonly caseScore: number },
): JudgedChoice {
  const id = `${question.id}#1`;
  const byId = choice.options.find((o) => o.id === answer);
  const byText = byId === undefined && question.optionText ? optionWritten(choice.options, answer) : undefined;
  const known = byId ?? byText;
  const option = known?.id ?? answer;
  const base = { id, maxScore: options.caseScore };
  const shown = options.visibility === 'public' ? { inputs: choice.options.map((o) => o.id), actual: answer } : {};
  if (known === undefined) {
    const looksLikeText = answer.length > 12 && /\s/.test(answer);
    const why = looksLikeText
      ? question.optionText
        ? ' and matches the text of none of them'
        : ' (write the id of the option you choose, not its text)'
      : '';
    return {
      result: {
        ...base,
        ...shown,
        status: 'error',
        score: 0,
        message: `${JSON.stringify(clip(answer))} is not an option of ${question.id} (options: ${choice.options.map((o) => o.id).join(', ')})${why}`,
      },
    };
  }
  const note =
    byText === undefined
      ? undefined
      : `You wrote ${byText.by === 'text' ? `the text of option "${option}"` : `"${clip(answer)}" for option "${option}"`}; it counts as that option, but write its id exactly next time (${question.id}: ${option})`;
  const withNote = note === undefined ? {} : { note };
  if (hashChoice(spec.salt, question.id, option) === choice.key)
    return {
      result: { ...base, ...shown, status: 'passed', score: options.caseScore, message: 'correct' },
      ...withNote,
    };
  // The option's hint goes into the message too: only misconception hints have their own box in the
  // reports, and a wrong choice is where a student most needs the nudge.
  const message = `option "${option}" is not the right answer${known.hint === undefined ? '' : `. ${known.hint}`}`;
  return {
    result: {
      ...base,
      ...shown,
      status: 'failed',
      score: 0,
      message,
      ...(known.hint === undefined ? {} : { hint: known.hint }),
    },
    ...withNote,
  };
}

/** The option whose id (in another case) or text the answer is, whitespace and case aside. */
function optionWritten(
  options: readonly ChoiceOption[],
  answer: string,
): (ChoiceOption & { readonly by: 'id' | 'text' }) | undefined {
  const wanted = normaliseOptionText(answer);
  if (wanted === '') return undefined;
  const byId = options.find((o) => normaliseOptionText(o.id) === wanted);
  if (byId !== undefined) return { ...byId, by: 'id' };
  const byText = options.find((o) => normaliseOptionText(o.text) === wanted);
  return byText === undefined ? undefined : { ...byText, by: 'text' };
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
