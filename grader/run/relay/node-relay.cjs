// convgrade Node relay: runs inside the sandbox, next to exactly one student module.
//
// argv[2] is the path of the student module. Requests arrive as JSON lines on fd 0; answers
// leave as tagged-JSON lines on fd 3 (see grader/run/protocol.ts for the format). Everything
// the relay relies on is captured before the student module is imported, so a module that
// patches JSON, Array.prototype, toJSON or fs cannot change how its answers are encoded.
// None of this is a security boundary (the kernel sandbox is); it keeps honest-but-odd
// modules working and makes forgery harder, and the grader fails closed on anything odd.
//
// A CommonJS script, not an ES module: Node starts a CommonJS entry without its ES module loader,
// ~15 ms sooner in the sandbox. The grader stages a module written as an ES module (TypeScript,
// .mjs, a .js with import/export) as solution.cjs, converted by esbuild (transpile.ts); this
// relay requires that, and imports anything else (a module the conversion would change, a
// CommonJS .js) as before.
'use strict';
const { readSync, writeSync } = require('node:fs');
const { types } = require('node:util');
const { pathToFileURL } = require('node:url');

const ANSWER_FD = 3;
const modulePath = process.argv[2] ?? '';
const MAX_DEPTH = 64;
const MAX_MESSAGE = 2000;

const { isProxy, isTypedArray, isPromise } = types;
const ReflectApply = Reflect.apply;
const ReflectOwnKeys = Reflect.ownKeys;
const ReflectGetOwnPropertyDescriptor = Reflect.getOwnPropertyDescriptor;
const ReflectGetPrototypeOf = Reflect.getPrototypeOf;
const ArrayIsArray = Array.isArray;
const ObjectPrototype = Object.prototype;
const ArrayPrototype = Array.prototype;
const JSONParse = JSON.parse;
const JSONStringify = JSON.stringify;
const NumberIsFinite = Number.isFinite;
const StringCtor = String;
const ObjectIs = Object.is;
const ObjectHasOwn = Object.hasOwn;
const processExit = process.exit;
const BufferFrom = Buffer.from;
const BufferConcat = Buffer.concat;
const BufferAlloc = Buffer.alloc;
const bufferIndexOf = Buffer.prototype.indexOf;
const bufferSubarray = Buffer.prototype.subarray;
const bufferToString = Buffer.prototype.toString;
const TypedArrayPrototype = ReflectGetPrototypeOf(Uint8Array.prototype);
const typedArrayLength = ReflectGetOwnPropertyDescriptor(TypedArrayPrototype, 'length').get;
const numericTypedArrayPrototypes = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
].map((ctor) => ctor.prototype);
const sleepCell = new Int32Array(new SharedArrayBuffer(4));
const AtomicsWait = Atomics.wait;

class Refusal {
  constructor(message) {
    this.message = message;
  }
}

// ---------------------------------------------------------------------------------------------
// I/O on raw fds, retrying on EAGAIN (a student touching process.stdin makes fd 0 non-blocking).

function pause() {
  AtomicsWait(sleepCell, 0, 0, 2);
}

function writeAll(fd, text) {
  const bytes = BufferFrom(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      if (error && error.code === 'EAGAIN') pause();
      else throw error;
    }
  }
}

let pending = BufferAlloc(0);
const chunk = BufferAlloc(65536);

/** The next line of fd 0 as a string, or null at end of input. */
function readLine() {
  for (;;) {
    const nl = ReflectApply(bufferIndexOf, pending, [10]);
    if (nl >= 0) {
      const line = ReflectApply(bufferToString, ReflectApply(bufferSubarray, pending, [0, nl]), ['utf8']);
      pending = ReflectApply(bufferSubarray, pending, [nl + 1]);
      return line;
    }
    let n;
    try {
      n = readSync(0, chunk, 0, chunk.length, null);
    } catch (error) {
      if (error && (error.code === 'EAGAIN' || error.code === 'EINTR')) {
        pause();
        continue;
      }
      throw error;
    }
    if (n === 0) return null;
    pending = BufferConcat([pending, ReflectApply(bufferSubarray, chunk, [0, n])]);
  }
}

function reply(id, body) {
  writeAll(ANSWER_FD, '{"id":' + JSONStringify(id) + ',' + body + '}\n');
}

function replyError(id, kind, message) {
  reply(id, '"ok":false,"error":{"kind":"' + kind + '","message":' + JSONStringify(message) + '}');
}

// ---------------------------------------------------------------------------------------------
// Exact-type encoding.

function describe(value) {
  if (value === null) return 'null';
  const t = typeof value;
  if (t !== 'object') return t;
  if (isProxy(value)) return 'a Proxy';
  const proto = ReflectGetPrototypeOf(value);
  if (proto === null) return 'an object';
  const ctor = ReflectGetOwnPropertyDescriptor(proto, 'constructor');
  const name = ctor && typeof ctor.value === 'function' ? ctor.value.name : '';
  return typeof name === 'string' && name !== '' ? 'an instance of ' + name : 'an object with a custom prototype';
}

function encodeNumber(n) {
  if (NumberIsFinite(n)) return ObjectIs(n, -0) ? '{"$f":"-0"}' : '' + n;
  if (n !== n) return '{"$f":"NaN"}';
  return n > 0 ? '{"$f":"Infinity"}' : '{"$f":"-Infinity"}';
}

function encode(value, depth, ancestors, where) {
  switch (typeof value) {
    case 'number':
      return encodeNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSONStringify(value);
    case 'undefined':
      throw new Refusal(where === '' ? 'The function returned undefined (a missing return?)' : 'undefined at ' + where);
    case 'bigint':
      throw new Refusal('A BigInt at ' + (where || 'the top level') + ': return a plain number');
    case 'symbol':
    case 'function':
      throw new Refusal('A ' + typeof value + ' at ' + (where || 'the top level') + ' is not an answer');
    default:
      break;
  }
  if (value === null) return 'null';
  const at = where || 'the top level';
  if (isProxy(value)) throw new Refusal('A Proxy at ' + at + ' is not an answer: return plain arrays and objects');
  if (depth >= MAX_DEPTH) throw new Refusal('The answer is nested deeper than ' + MAX_DEPTH + ' levels at ' + at);
  for (let k = 0; k < depth; k++) {
    if (ancestors[k] === value) throw new Refusal('The answer contains a cycle at ' + at);
  }
  ancestors[depth] = value;
  const proto = ReflectGetPrototypeOf(value);
  if (isTypedArray(value)) {
    let ok = false;
    for (let k = 0; k < numericTypedArrayPrototypes.length; k++)
      if (numericTypedArrayPrototypes[k] === proto) ok = true;
    if (!ok) throw new Refusal(describe(value) + ' at ' + at + ' is not an answer');
    const length = ReflectApply(typedArrayLength, value, []);
    let out = '[';
    for (let i = 0; i < length; i++) out += (i === 0 ? '' : ',') + encodeNumber(value[i]);
    return out + ']';
  }
  if (ArrayIsArray(value)) {
    if (proto !== ArrayPrototype) throw new Refusal(describe(value) + ' at ' + at + ' is not a plain array');
    const length = ReflectGetOwnPropertyDescriptor(value, 'length').value;
    let out = '[';
    for (let i = 0; i < length; i++) {
      const d = ReflectGetOwnPropertyDescriptor(value, i);
      if (d === undefined) throw new Refusal('The array at ' + at + ' has a hole at index ' + i);
      if (!ObjectHasOwn(d, 'value')) throw new Refusal('The array at ' + at + ' has a getter at index ' + i);
      const item = d.value;
      out +=
        (i === 0 ? '' : ',') +
        (typeof item === 'number'
          ? encodeNumber(item)
          : encode(item, depth + 1, ancestors, (where || '') + '[' + i + ']'));
    }
    return out + ']';
  }
  if (proto !== ObjectPrototype && proto !== null) {
    throw new Refusal(describe(value) + ' at ' + at + ' is not an answer: return plain arrays, objects and numbers');
  }
  const keys = ReflectOwnKeys(value);
  let out = '{"$o":{';
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (typeof key !== 'string') throw new Refusal('A symbol key at ' + at + ' is not an answer');
    const d = ReflectGetOwnPropertyDescriptor(value, key);
    if (!ObjectHasOwn(d, 'value')) throw new Refusal('A getter for "' + key + '" at ' + at + ' is not an answer');
    if (!d.enumerable) continue;
    out +=
      (first ? '' : ',') + JSONStringify(key) + ':' + encode(d.value, depth + 1, ancestors, (where || '') + '.' + key);
    first = false;
  }
  return out + '}}';
}

function cap(text) {
  return text.length > MAX_MESSAGE ? text.slice(0, MAX_MESSAGE) + '…' : text;
}

/** A readable message for anything thrown, without trusting it to be well behaved. */
function errorText(error) {
  try {
    if (error !== null && typeof error === 'object' && !isProxy(error)) {
      const name = StringCtor(error.name ?? 'Error');
      const message = StringCtor(error.message ?? '');
      return cap(message === '' ? name : name + ': ' + message);
    }
    return cap(
      'Threw ' + (typeof error === 'string' ? JSONStringify(error) : describe(error) + ' ' + StringCtor(error)),
    );
  } catch {
    return 'Threw a value that could not be displayed';
  }
}

/** Location of a load failure (syntax errors put it at the top of the stack). */
function loadErrorText(error) {
  let text = errorText(error);
  try {
    const stack = error !== null && typeof error === 'object' ? StringCtor(error.stack ?? '') : '';
    const head = stack.split('\n').slice(0, 4).join('\n');
    if (/solution\.[cm]?js:\d+/.test(head) && !head.startsWith(text)) text = head + '\n' + text;
    else {
      const frame = /solution\.[cm]?js:(\d+)(?::(\d+))?/.exec(stack);
      if (frame) text += ' (solution line ' + frame[1] + ')';
    }
    // A converted module's source map names its source solution.mjs, beside solution.cjs.
    for (const path of [modulePath, modulePath.replace(/\.cjs$/, '.mjs')])
      text = text.replaceAll(pathToFileURL(path).href, 'solution.mjs').replaceAll(path, 'solution.mjs');
  } catch {
    // keep the plain text
  }
  return cap(text);
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const helloLine = readLine();
  if (helloLine === null) return;
  const hello = JSONParse(helloLine);
  let callables;
  try {
    // solution.cjs is an ES module converted by the grader: its exports object is the namespace.
    const ns = modulePath.endsWith('.cjs') ? require(modulePath) : await import(pathToFileURL(modulePath).href);
    callables = Object.create(null);
    for (const key of ReflectOwnKeys(ns)) {
      if (typeof key === 'string' && key !== 'default' && typeof ns[key] === 'function') callables[key] = ns[key];
    }
    // A CommonJS solution (module.exports = {…}) arrives as the default export.
    const fallback = ns.default;
    if (fallback !== null && typeof fallback === 'object' && !isProxy(fallback)) {
      for (const key of ReflectOwnKeys(fallback)) {
        const d = typeof key === 'string' ? ReflectGetOwnPropertyDescriptor(fallback, key) : undefined;
        if (d && ObjectHasOwn(d, 'value') && typeof d.value === 'function' && !(key in callables))
          callables[key] = d.value;
      }
    }
  } catch (error) {
    replyError(hello.id, 'load-error', loadErrorText(error));
    return;
  }
  const names = ReflectOwnKeys(callables);
  let list = '[';
  for (let i = 0; i < names.length; i++) list += (i === 0 ? '' : ',') + JSONStringify(names[i]);
  reply(hello.id, '"ok":true,"exports":' + list + ']');

  for (;;) {
    const line = readLine();
    if (line === null) return;
    const request = JSONParse(line);
    const fn = callables[request.fn];
    if (typeof fn !== 'function') {
      replyError(request.id, 'missing', 'The module does not export a function named ' + request.fn);
      continue;
    }
    let result;
    try {
      result = ReflectApply(fn, undefined, request.args);
      if (isPromise(result) && !isProxy(result)) result = await result;
    } catch (error) {
      replyError(request.id, 'threw', errorText(error));
      continue;
    }
    let encoded;
    try {
      encoded = encode(result, 0, [], '');
    } catch (error) {
      const message = error instanceof Refusal ? error.message : 'The answer could not be encoded: ' + errorText(error);
      replyError(request.id, 'rejected', cap(message));
      continue;
    }
    reply(request.id, '"ok":true,"value":' + encoded);
  }
}

// Do not linger on timers or handles the student module left behind.
main().then(() => ReflectApply(processExit, process, [0]));
