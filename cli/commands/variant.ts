/**
 * `convgrade variant SPEC --student ID [--json] [--hidden --secret FILE]`: print the cases one
 * student gets, with their inputs and expected answers. Public variants use the spec's salt;
 * --hidden uses the secret salt from --secret FILE or CONVGRADE_SECRET.
 */
import type { Command } from 'commander';
import { formatCount } from '../../reports/index.js';
import { encodeJsonValue } from '../../grader/judge/index.js';
import type { AnswerValue } from '../../grader/result.js';
import {
  formatShape,
  generateVariant,
  loadExercises,
  readSecretSalt,
  shapeOf,
  type ExerciseVariant,
} from '../../grader/variant/index.js';
import { resolveExercise } from '../resolve-exercise.js';

interface VariantCommandOptions {
  readonly student: string;
  readonly json?: boolean;
  readonly hidden?: boolean;
  readonly secret?: string;
}

export function register(program: Command): void {
  program
    .command('variant')
    .description("print one student's cases: inputs and expected answers")
    .argument('<spec>', 'a spec file or a bundled exercise id (e.g. ex9-convolution)')
    .requiredOption('--student <id>', 'the student id')
    .option('--json', 'print JSON (every value in full)')
    .option('--hidden', 'the hidden (graded) variant instead of the public one; needs --secret or CONVGRADE_SECRET')
    .option('--secret <file>', 'file holding the secret salt of hidden variants')
    .action((spec: string, options: VariantCommandOptions) => {
      process.stdout.write(renderVariant(spec, options, process.env));
    });
}

export function renderVariant(
  specArg: string,
  options: VariantCommandOptions,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const [spec] = loadExercises([resolveExercise(specArg)]);
  if (spec === undefined) return '';
  const hidden = options.hidden === true || options.secret !== undefined;
  const salt = hidden ? readSecretSalt({ secretFile: options.secret, env }) : spec.salt;
  const variant = generateVariant(spec, { student: options.student, salt, visibility: hidden ? 'hidden' : 'public' });
  return options.json === true
    ? `${JSON.stringify(variantJson(variant), null, 2)}\n`
    : variantText(
        variant,
        spec.questions.map((q) => ({ id: q.id, title: q.title, points: q.points })),
      );
}

export function variantJson(variant: ExerciseVariant): unknown {
  return {
    exercise: variant.exercise,
    specSha256: variant.specSha256,
    student: variant.student,
    visibility: variant.visibility,
    seedDerivation: variant.seedDerivation,
    questions: variant.questions.map((q) => ({
      id: q.question,
      cases: q.cases.map((c) => ({
        id: c.id,
        inputs: encodeJsonValue(c.params),
        calls: c.calls.map((call) => ({
          function: call.function,
          args: call.args.map(encodeJsonValue),
          expected: encodeJsonValue(call.expected),
        })),
      })),
    })),
  };
}

const MAX_INLINE_ENTRIES = 36;

function variantText(
  variant: ExerciseVariant,
  questions: readonly { id: string; title: string; points: number }[],
): string {
  const lines = [
    `${variant.exercise}: ${variant.visibility} variant of student "${variant.student}" (${variant.seedDerivation})`,
  ];
  for (const qv of variant.questions) {
    const q = questions.find((x) => x.id === qv.question);
    lines.push(
      '',
      `${qv.question} ${q?.title ?? ''} (${formatCount(q?.points ?? 0, 'point')}${qv.cases.length === 0 ? ', answered in answers.yaml' : `, ${formatCount(qv.cases.length, 'case')}`})`,
    );
    for (const c of qv.cases) {
      lines.push(
        `  ${c.id}  ${Object.entries(c.params)
          .map(([k, v]) => `${k}=${inline(v)}`)
          .join(' ')}`,
      );
      for (const call of c.calls) lines.push(`    ${call.function} → ${inline(call.expected)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Small values in full; larger arrays as their shape (use --json for every value). */
function inline(value: AnswerValue): string {
  if (Array.isArray(value)) {
    const shape = shapeOf(value);
    const size = typeof shape === 'string' ? Infinity : shape.reduce((a, b) => a * b, 1);
    if (size > MAX_INLINE_ENTRIES && typeof shape !== 'string') return `<${formatShape(shape)} array>`;
  }
  return JSON.stringify(encodeJsonValue(value), (_key, v: unknown) =>
    typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(6)) : v,
  );
}
