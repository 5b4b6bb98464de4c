/**
 * The language's functions as a Markdown table, from the registry itself (docs/authors.md
 * carries it between `<!-- functions:begin -->` and `<!-- functions:end -->`; `npm run docs`
 * rewrites it and a test checks it is current).
 */
import { studentApiNames, studentApiSignatures, type ParamSignature, type ValueKind } from '../../reference/index.js';
import { LANGUAGE_FUNCTIONS } from './functions.js';

/** The language's own functions, documented here because they are not reference functions. */
const LANGUAGE_DOCS: Readonly<Record<(typeof LANGUAGE_FUNCTIONS)[number], readonly [string, string, string]>> = {
  floor: ['x', 'like x', 'rounds down; on an array, every entry'],
  ceil: ['x', 'like x', 'rounds up; on an array, every entry'],
  round: ['x', 'like x', 'rounds to the nearest integer (halves up); on an array, every entry'],
  abs: ['x', 'like x', 'absolute value; on an array, every entry'],
  sqrt: ['x', 'like x', 'square root; on an array, every entry'],
  exp: ['x', 'like x', 'e to the x; on an array, every entry'],
  log: ['x', 'like x', 'natural logarithm; on an array, every entry'],
  min: ['a, b, … or A', 'a number', 'the smallest of the numbers, or the smallest entry of one array'],
  max: ['a, b, … or A', 'a number', 'the largest of the numbers, or the largest entry of one array'],
  where: ['condition, a, b', 'like a and b', 'a when the condition (a comparison, or a flag) holds, else b'],
};

function kind(type: ValueKind): string {
  switch (type.kind) {
    case 'number':
      return 'number';
    case 'boolean':
      return 'true/false';
    case 'string':
      return type.values.map((v) => `'${v}'`).join(' \\| ');
    case 'tensor':
      if (type.dims?.length === 1) return `list of ${type.dims[0] ?? 'n'}`;
      return type.dims !== undefined && type.dims.length > 0 ? type.dims.join('×') : 'array';
    case 'record':
      return type.fields === null
        ? 'record'
        : `{${type.fields.map((f) => `${f.name}${f.optional === true ? '?' : ''}`).join(', ')}}`;
    case 'oneOf':
      return type.options.map(kind).join(' or ');
  }
}

function param(p: ParamSignature): string {
  return `${p.name}${p.optional === true ? '?' : ''}: ${kind(p.type)}`;
}

/** A table cell: a `|` of the text would end the cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function functionTable(): string {
  const rows = studentApiNames.map((name) => {
    const s = studentApiSignatures[name];
    const params = [...s.params.map(param), ...(s.rest === undefined ? [] : [`${s.rest.name}…: ${kind(s.rest.type)}`])];
    return `| \`${name}\` | ${params.join(', ')} | ${cell(s.shape)} | ${cell(s.summary)} |`;
  });
  const own = LANGUAGE_FUNCTIONS.map((name) => {
    const [args, result, what] = LANGUAGE_DOCS[name];
    return `| \`${name}\` | ${args} | ${result} | ${what} |`;
  });
  return [
    '| function | arguments (`?` optional) | result | what it computes |',
    '| --- | --- | --- | --- |',
    ...rows,
    ...own,
  ].join('\n');
}
