'use strict';
/**
 * Runs the bundled CLI (dist/bundle/convgrade.cjs, built by scripts/bundle.mjs) the way Node's
 * own CommonJS loader would, with two additions that Node 20 does not offer for it:
 *
 * - V8's code cache. The bundle is compiled with vm.Script and the cache written beside it at
 *   build time (convgrade.cjs.cache), so a start deserialises bytecode instead of parsing and
 *   compiling 1 MB of JavaScript. Node 20's loader takes no cache (module.enableCompileCache is
 *   Node ≥ 22.1). A cache that does not fit (another Node or V8 version, other V8 flags, a bundle
 *   rebuilt since) is ignored: V8 checks version and flags, the header here the bundle's SHA-256.
 * - Stack traces in the original sources. Node does not read source maps of vm.Script code, so
 *   frames in the bundle are mapped here with node:module's SourceMap, loaded only when a stack
 *   that has such a frame is printed (an internal error, exit 3): `at writeFileAtomic
 *   (/…/cli/write-atomic.ts:22:5)` instead of a line of the bundle.
 */
const { createHash } = require('node:crypto');
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { Module, SourceMap, createRequire } = require('node:module');
const { dirname, join, resolve } = require('node:path');
const { Script } = require('node:vm');

const BUNDLE = join(__dirname, '..', 'dist', 'bundle', 'convgrade.cjs');
const CACHE_FORMAT = 'convgrade-code-cache-1';

function cacheHeader(source) {
  return Buffer.from(`${CACHE_FORMAT} ${createHash('sha256').update(source).digest('hex')}\n`, 'latin1');
}

/** The V8 data of `cacheFile` when its header names this exact bundle, else undefined. */
function readCache(cacheFile, header) {
  let data;
  try {
    data = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  if (data.length <= header.length || !data.subarray(0, header.length).equals(header)) return undefined;
  return data.subarray(header.length);
}

/**
 * Maps frames of `file` through its source map (`file.map`, read on first use). Frames elsewhere
 * are printed as V8 prints them.
 */
function mapStackTraces(file) {
  let map;
  const sourceMap = () => {
    if (map === undefined) {
      try {
        map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
      } catch {
        map = null;
      }
    }
    return map;
  };
  const mapFrame = (frame) => {
    const text = String(frame);
    if (frame.getFileName() !== file) return text;
    const line = frame.getLineNumber();
    const column = frame.getColumnNumber();
    // As Node's own --enable-source-maps: the mapping segment at or before the position, as is.
    const entry = line === null || column === null ? undefined : sourceMap()?.findEntry(line - 1, column - 1);
    if (entry?.originalSource === undefined) return text;
    const where = `${resolve(dirname(file), entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    return text.replace(`${file}:${line}:${column}`, where);
  };
  Error.prepareStackTrace = (error, frames) => {
    let head;
    try {
      head = Error.prototype.toString.call(error);
    } catch {
      head = '<error>';
    }
    return head + frames.map((frame) => `\n    at ${mapFrame(frame)}`).join('');
  };
}

/**
 * Compiles and runs the bundle with `process.argv` as it is. `writeCache: true` (the build's
 * training run, scripts/code-cache.mjs) writes the code cache when the process exits, so it holds
 * every function the run compiled, not only the top level.
 */
function runBundle(options = {}) {
  const file = options.bundle ?? BUNDLE;
  const cacheFile = `${file}.cache`;
  let source;
  try {
    source = readFileSync(file);
  } catch (error) {
    if (error?.code !== 'ENOENT') throw error;
    process.stderr.write(`convgrade: Cannot find module ${file} (the built CLI): run \`npm run build\` first\n`);
    process.exitCode = 3;
    return;
  }
  const header = cacheHeader(source);
  const cachedData = options.writeCache ? undefined : readCache(cacheFile, header);
  const script = new Script(Module.wrap(source.toString('utf8')), {
    filename: file,
    ...(cachedData === undefined ? {} : { cachedData }),
  });
  mapStackTraces(file);
  if (options.writeCache) {
    process.once('exit', () => {
      const temp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temp, Buffer.concat([header, script.createCachedData()]));
      renameSync(temp, cacheFile);
    });
  }
  const module = new Module(file);
  module.filename = file;
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return { cacheRejected: cachedData === undefined ? undefined : script.cachedDataRejected };
}

module.exports = { runBundle, BUNDLE };
