/**
 * The wire protocol between the grader and a relay (SECURITY.md, S7/S8).
 *
 * grader → relay, fd 0, one JSON line at a time, one outstanding:
 *   `{"id":"<hex>","hello":true}` once, first, before the student module is imported;
 *   `{"id":"<hex>","fn":"gradKernel","args":[…]}` for each call (args are plain JSON).
 * relay → grader, fd 3, one line per request, echoing its id:
 *   hello: `{"id":…,"ok":true,"exports":["featureMapSize",…]}` or
 *          `{"id":…,"ok":false,"error":{"kind":"load-error","message":"…"}}`;
 *   call:  `{"id":…,"ok":true,"value":<tagged>}` or
 *          `{"id":…,"ok":false,"error":{"kind":"threw"|"missing"|"rejected","message":"…"}}`.
 * Tagged values: JSON numbers, strings, booleans, null and arrays as themselves;
 * `{"$f":"NaN"|"Infinity"|"-Infinity"|"-0"}` for the numbers JSON cannot write;
 * `{"$o":{…}}` for every object (so user keys never collide with tags);
 * `{"$nd":{"dtype":"float64","shape":[2,3],"data":[…flat, row-major…]}}` for numpy arrays.
 */
import type { AnswerValue } from '../result.js';

export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
export const MAX_DEPTH = 64;
/** Rows a zero-size ndarray may have (np.empty((10**15, 0)) is 40 bytes on the wire). */
export const MAX_EMPTY_ROWS = 65536;
const MAX_ERROR_TEXT = 4000;

export type RelayReply =
  | { readonly ok: true; readonly id: string; readonly value: AnswerValue }
  | { readonly ok: true; readonly id: string; readonly exports: readonly string[] }
  | { readonly ok: false; readonly id: string; readonly kind: RelayErrorKind; readonly message: string };
export type RelayErrorKind = 'load-error' | 'threw' | 'missing' | 'rejected';

/** A reply the honest relay could not have written; the caller treats it as a protocol violation. */
export class MalformedReply extends Error {}

const ERROR_KINDS: ReadonlySet<string> = new Set(['load-error', 'threw', 'missing', 'rejected']);
const SPECIAL_NUMBERS: Readonly<Record<string, number>> = {
  NaN: NaN,
  Infinity: Infinity,
  '-Infinity': -Infinity,
  '-0': -0,
};

/** One request line (with its newline); check the arguments with assertPlainJson first. */
export function encodeRequest(id: string, fn: string, args: readonly unknown[]): string {
  return JSON.stringify({ id, fn, args }) + '\n';
}

export function encodeHello(id: string): string {
  return JSON.stringify({ id, hello: true }) + '\n';
}

export function assertPlainJson(value: unknown, depth: number): void {
  if (depth > MAX_DEPTH) throw new TypeError('Case arguments are nested too deeply');
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`Case arguments must be finite numbers, got ${String(value)}`);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) assertPlainJson(item, depth + 1);
    return;
  }
  if (typeof value === 'object') {
    for (const item of Object.values(value)) assertPlainJson(item, depth + 1);
    return;
  }
  throw new TypeError(`Case arguments must be plain JSON, got ${typeof value}`);
}

/** Decodes one reply line. Throws MalformedReply on anything the honest relay would not send. */
export function decodeReply(line: string): RelayReply {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    throw new MalformedReply(`A reply is not JSON: ${preview(line)}`);
  }
  if (!isRecord(raw) || typeof raw['id'] !== 'string') throw new MalformedReply(`A reply has no id: ${preview(line)}`);
  const id = raw['id'];
  if (raw['ok'] === true) {
    if ('exports' in raw) {
      const exports = raw['exports'];
      if (!Array.isArray(exports) || !exports.every((e): e is string => typeof e === 'string')) {
        throw new MalformedReply('A hello reply lists exports that are not names');
      }
      return { ok: true, id, exports };
    }
    if (!('value' in raw)) throw new MalformedReply('A reply has neither a value nor an error');
    return { ok: true, id, value: decodeValue(raw['value'], 0) };
  }
  if (raw['ok'] === false) {
    const error = raw['error'];
    if (
      !isRecord(error) ||
      typeof error['kind'] !== 'string' ||
      !ERROR_KINDS.has(error['kind']) ||
      typeof error['message'] !== 'string'
    ) {
      throw new MalformedReply('A reply has a malformed error');
    }
    return {
      ok: false,
      id,
      kind: error['kind'] as RelayErrorKind,
      message: cleanText(error['message'], MAX_ERROR_TEXT),
    };
  }
  throw new MalformedReply('A reply has no ok flag');
}

/** Tagged JSON (already parsed) → AnswerValue, with a depth cap and null-prototype records. */
function decodeValue(raw: unknown, depth: number): AnswerValue {
  if (depth > MAX_DEPTH) throw new MalformedReply(`A value is nested deeper than ${MAX_DEPTH} levels`);
  if (raw === null || typeof raw === 'number' || typeof raw === 'string' || typeof raw === 'boolean') return raw;
  if (Array.isArray(raw)) return raw.map((item: unknown) => decodeValue(item, depth + 1));
  if (!isRecord(raw)) throw new MalformedReply('A value has an unknown type');
  const keys = Object.keys(raw);
  const tag = keys[0];
  if (keys.length !== 1 || tag === undefined) throw new MalformedReply('An object value is not tagged');
  const body = raw[tag];
  switch (tag) {
    case '$f': {
      const n = typeof body === 'string' ? SPECIAL_NUMBERS[body] : undefined;
      if (n === undefined || !Object.hasOwn(SPECIAL_NUMBERS, body as string))
        throw new MalformedReply('A bad number tag');
      return n;
    }
    case '$o': {
      if (!isRecord(body)) throw new MalformedReply('A bad object tag');
      const out: Record<string, AnswerValue> = Object.create(null) as Record<string, AnswerValue>;
      for (const key of Object.keys(body)) {
        // defineProperty, not assignment: "__proto__" stays a plain data key.
        Object.defineProperty(out, key, {
          value: decodeValue(body[key], depth + 1),
          enumerable: true,
          writable: false,
          configurable: false,
        });
      }
      return out;
    }
    case '$nd':
      return decodeNdarray(body, depth);
    default:
      throw new MalformedReply(`An unknown tag ${preview(tag)}`);
  }
}

function decodeNdarray(body: unknown, depth: number): AnswerValue {
  if (!isRecord(body)) throw new MalformedReply('A bad ndarray tag');
  const shape = body['shape'];
  const data = body['data'];
  if (!Array.isArray(shape) || !Array.isArray(data) || shape.length > MAX_DEPTH - depth)
    throw new MalformedReply('A bad ndarray tag');
  if (!shape.every((n): n is number => Number.isSafeInteger(n) && (n as number) >= 0))
    throw new MalformedReply('A bad ndarray shape');
  const flat = data.map((item: unknown) => {
    const v = decodeValue(item, depth + 1);
    if (typeof v !== 'number' && typeof v !== 'boolean') throw new MalformedReply('An ndarray holds a non-number');
    return v;
  });
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== flat.length)
    throw new MalformedReply(`An ndarray of shape [${shape.join(', ')}] carries ${flat.length} values`);
  if (size === 0) {
    // Rebuilding costs one nested array per row even when there is no value at all: bound the
    // rows, or np.empty((10**15, 0)) would keep the grader looping (S7).
    let rows = 1;
    for (const n of shape.slice(0, -1)) {
      rows *= n;
      if (rows === 0) break;
      if (rows > MAX_EMPTY_ROWS)
        throw new MalformedReply(
          `An empty ndarray of shape [${shape.join(', ')}] has more than ${MAX_EMPTY_ROWS} rows`,
        );
    }
  }
  if (shape.length === 0) return flat[0] ?? null;
  let offset = 0;
  const build = (axis: number): AnswerValue[] => {
    const n = shape[axis] ?? 0;
    const out: AnswerValue[] = [];
    for (let i = 0; i < n; i++) {
      if (axis === shape.length - 1) out.push(flat[offset++] ?? null);
      else out.push(build(axis + 1));
    }
    return out;
  };
  return build(0);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function preview(text: string): string {
  return JSON.stringify(text.length > 80 ? text.slice(0, 80) + '…' : text);
}

/** Caps a student-supplied message and escapes control characters so it is safe to display. */
function cleanText(text: string, max: number): string {
  const capped = text.length > max ? text.slice(0, max) + '…' : text;
  return escapeControl(capped);
}

/**
 * Escapes C0/C1 control characters (keeping newline and tab) and Unicode bidirectional
 * overrides, so captured output cannot rewrite a terminal line or reorder report text.
 */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    if (c === '\r') return '\\r';
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
