/** check's cache of public variants (cli/variant-cache.ts): exact, public only, keyed, bounded, best effort. */
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadExercise } from '../../cli/options.js';
import { cachedVariants, MAX_ENTRIES } from '../../cli/variant-cache.js';
import { generateVariant } from '../../grader/variant/index.js';

const spec = loadExercise('ex9-convolution');
const publicOf = (student: string) => ({ student, salt: spec.salt, visibility: 'public' as const });
let home: string;
let dir: string;
const env = () => ({ XDG_CACHE_HOME: home });

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'convgrade-variant-cache-'));
  dir = join(home, 'convgrade', 'variants');
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('cachedVariants', () => {
  it('is off without a build id (the tsc output) and with CONVGRADE_NO_CACHE=1', () => {
    expect(cachedVariants(env(), undefined)).toBeUndefined();
    expect(cachedVariants({ ...env(), CONVGRADE_NO_CACHE: '1' }, 'build-1')).toBeUndefined();
    expect(cachedVariants({ HOME: 'relative/home' }, 'build-1')).toBeUndefined();
  });

  it('stores a public variant and gives back exactly the same one, null-prototype records included', () => {
    const make = cachedVariants(env(), 'build-1');
    if (make === undefined) throw new Error('no cache');
    const fresh = generateVariant(spec, publicOf('alice'));
    const first = make(spec, publicOf('alice'));
    expect(isDeepStrictEqual(first, fresh)).toBe(true);
    expect(readdirSync(dir)).toHaveLength(1);
    const again = make(spec, publicOf('alice'));
    expect(again).not.toBe(first); // read from the file, not kept in memory
    expect(isDeepStrictEqual(again, fresh)).toBe(true);
    const expected = again.questions[0]?.cases[0]?.calls[0]?.expected;
    expect(expected !== null && typeof expected === 'object' && Object.getPrototypeOf(expected)).toBeNull();
  });

  it('keys by student, salt and build: another of any of them is drawn, not read', () => {
    const make = cachedVariants(env(), 'build-1');
    const other = cachedVariants(env(), 'build-2');
    if (make === undefined || other === undefined) throw new Error('no cache');
    make(spec, publicOf('alice'));
    const bob = make(spec, publicOf('bob'));
    expect(isDeepStrictEqual(bob, generateVariant(spec, publicOf('bob')))).toBe(true);
    const salted = { student: 'alice', salt: 'another-public-salt', visibility: 'public' as const };
    expect(isDeepStrictEqual(make(spec, salted), generateVariant(spec, salted))).toBe(true);
    other(spec, publicOf('alice'));
    expect(readdirSync(dir)).toHaveLength(4);
  });

  it('never writes a hidden variant', () => {
    const make = cachedVariants(env(), 'build-1');
    if (make === undefined) throw new Error('no cache');
    const hidden = { student: 'alice', salt: 'the-secret-salt', visibility: 'hidden' as const };
    expect(isDeepStrictEqual(make(spec, hidden), generateVariant(spec, hidden))).toBe(true);
    expect(existsSync(dir)).toBe(false);
  });

  it('draws again over a damaged file, and works where the cache cannot be written', () => {
    const make = cachedVariants(env(), 'build-1');
    if (make === undefined) throw new Error('no cache');
    make(spec, publicOf('alice'));
    const [name = ''] = readdirSync(dir);
    writeFileSync(join(dir, name), 'not a serialized variant');
    expect(isDeepStrictEqual(make(spec, publicOf('alice')), generateVariant(spec, publicOf('alice')))).toBe(true);
    writeFileSync(join(home, 'file'), '');
    const blocked = cachedVariants({ XDG_CACHE_HOME: join(home, 'file') }, 'build-1');
    if (blocked === undefined) throw new Error('no cache');
    expect(isDeepStrictEqual(blocked(spec, publicOf('carol')), generateVariant(spec, publicOf('carol')))).toBe(true);
  });

  it(`keeps the newest ${MAX_ENTRIES} variants`, () => {
    const make = cachedVariants(env(), 'build-1');
    if (make === undefined) throw new Error('no cache');
    make(spec, publicOf('first'));
    const [oldest = ''] = readdirSync(dir);
    utimesSync(join(dir, oldest), new Date(0), new Date(0));
    for (let i = 0; i < MAX_ENTRIES; i++) make(spec, publicOf(`student-${i}`));
    const names = readdirSync(dir);
    expect(names).toHaveLength(MAX_ENTRIES);
    expect(names).not.toContain(oldest);
  });
});
