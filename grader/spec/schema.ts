/**
 * The JSON Schema of exercise specs (exercises/exercise.schema.json), compiled once by ajv in
 * strict mode with allErrors, and ajv's errors rewritten as house-style messages that name the
 * key and quote the bad value.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { fileURLToPath } from 'node:url';
import { InternalError } from '../errors.js';
import type { PathSegment } from './positions.js';
import { pointerToPath } from './positions.js';

/** The schema sits in exercises/ at the package root: ../../ from source, ../../../ from dist. */
const SCHEMA_CANDIDATES = ['../../exercises/exercise.schema.json', '../../../exercises/exercise.schema.json'];

let compiled: ValidateFunction | undefined;

function schemaUrl(): URL {
  for (const candidate of SCHEMA_CANDIDATES) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(url)) return url;
  }
  throw new InternalError(`Cannot find exercises/exercise.schema.json next to ${import.meta.url}`);
}

/** Must equal the options scripts/compile-schemas.mjs precompiles with. */
export const SCHEMA_OPTIONS = { strict: true, allErrors: true, verbose: true, allowUnionTypes: true } as const;

/** Written by scripts/compile-schemas.mjs during `npm run build`, beside the compiled schema.js. */
const PRECOMPILED = new URL('./exercise-schema.validate.cjs', import.meta.url);
const require = createRequire(import.meta.url);

/**
 * The built package loads the validator ajv precompiled at build time (standalone code): compiling
 * the schema costs ~60 ms of every command start. From source (tests) it compiles here instead.
 */
function validator(): ValidateFunction {
  if (compiled === undefined) {
    if (existsSync(PRECOMPILED)) {
      compiled = require(fileURLToPath(PRECOMPILED)) as ValidateFunction;
    } else {
      const ajv = require('ajv') as { Ajv: typeof Ajv };
      const schema = JSON.parse(readFileSync(schemaUrl(), 'utf8')) as Record<string, unknown>;
      compiled = new ajv.Ajv(SCHEMA_OPTIONS).compile(schema);
    }
  }
  return compiled;
}

export interface SchemaProblem {
  /** The node the message is about. */
  readonly path: readonly PathSegment[];
  /** Point at the key rather than its value (unknown keys). */
  readonly atKey: boolean;
  readonly message: string;
}

/** Validates plain data against the spec schema; every problem, deduplicated, in document order. */
export function validateAgainstSchema(data: unknown): SchemaProblem[] {
  const validate = validator();
  if (validate(data)) return [];
  const seen = new Set<string>();
  const problems: SchemaProblem[] = [];
  for (const error of validate.errors ?? []) {
    const problem = toProblem(error);
    const key = `${problem.path.join('/')}|${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

function toProblem(error: ErrorObject): SchemaProblem {
  const path = pointerToPath(error.instancePath);
  const name = nameOf(path);
  const got = quote(error.data);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const parent = error.parentSchema as { properties?: Record<string, unknown> } | undefined;
      const allowed = Object.keys(parent?.properties ?? {});
      const where = path.length === 0 ? 'at the top level' : `in ${name}`;
      return {
        path: [...path, key],
        atKey: true,
        message: `unknown key "${key}" ${where}${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`,
      };
    }
    case 'required':
      return {
        path,
        atKey: false,
        message: `${path.length === 0 ? 'the spec' : name} is missing the required key "${String(params['missingProperty'])}"`,
      };
    case 'type':
      return { path, atKey: false, message: `${name} must be ${article(String(params['type']))}, got ${got}` };
    case 'exclusiveMinimum':
      return {
        path,
        atKey: false,
        message: `${name} must be ${params['limit'] === 0 ? 'a positive number' : `greater than ${String(params['limit'])}`}, got ${got}`,
      };
    case 'minimum':
      return {
        path,
        atKey: false,
        message: `${name} must be ${params['limit'] === 0 ? 'a non-negative number' : `at least ${String(params['limit'])}`}, got ${got}`,
      };
    case 'maximum':
      return { path, atKey: false, message: `${name} must be at most ${String(params['limit'])}, got ${got}` };
    case 'multipleOf':
      return {
        path,
        atKey: false,
        message: `${name} must be a multiple of ${String(params['multipleOf'])}, got ${got}`,
      };
    case 'enum':
      return {
        path,
        atKey: false,
        message: `${name} must be one of ${(params['allowedValues'] as unknown[]).map(String).join(', ')}, got ${got}`,
      };
    case 'pattern':
      return { path, atKey: false, message: `${name} must match ${String(params['pattern'])}, got ${got}` };
    case 'minItems':
      return {
        path,
        atKey: false,
        message: `${name} must have at least ${String(params['limit'])} item(s), got ${arrayLength(error.data)}`,
      };
    case 'maxItems':
      return {
        path,
        atKey: false,
        message: `${name} must have at most ${String(params['limit'])} item(s), got ${arrayLength(error.data)}`,
      };
    case 'minLength':
      return {
        path,
        atKey: false,
        message: `${name} must be at least ${String(params['limit'])} character(s) long, got ${got}`,
      };
    case 'minProperties':
      return { path, atKey: false, message: `${name} must not be empty` };
    default:
      return { path, atKey: false, message: `${name} ${error.message ?? 'is invalid'}` };
  }
}

/** `"points"` for a key, `"constraints[2]"` for an array item, `the spec` for the root. */
function nameOf(path: readonly PathSegment[]): string {
  let name = '';
  for (const segment of path) name = typeof segment === 'number' ? `${name}[${segment}]` : segment;
  return name === '' ? 'the spec' : `"${name}"`;
}

function article(type: string): string {
  const words = type
    .split(',')
    .map((t) => (t === 'integer' ? 'an integer' : t === 'object' ? 'a map' : t === 'array' ? 'a list' : `a ${t}`));
  return words.join(' or ');
}

function arrayLength(data: unknown): string {
  return Array.isArray(data) ? String(data.length) : quote(data);
}

/** A short JSON rendering of a bad value for messages. */
export function quote(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object' && value !== null) return 'a map';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
