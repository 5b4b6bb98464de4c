import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic, writeFileAtomicAsync } from '../../cli/write-atomic.js';

describe('writeFileAtomic', () => {
  it('creates parent folders, replaces content and leaves no temp file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'convgrade-atomic-'));
    const path = join(dir, 'a', 'b', 'result.json');
    writeFileAtomic(path, 'first');
    writeFileAtomic(path, 'second');
    expect(readFileSync(path, 'utf8')).toBe('second');
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['result.json']);
  });

  it('throws and cleans up when the target cannot be replaced', () => {
    const dir = mkdtempSync(join(tmpdir(), 'convgrade-atomic-'));
    const target = join(dir, 'is-a-dir');
    writeFileAtomic(join(target, 'x'), 'x');
    expect(() => writeFileAtomic(target, 'data')).toThrow();
    expect(readdirSync(dir)).toEqual(['is-a-dir']);
  });

  it('keeps the rename without the fsync for scratch outputs (durable: false)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'convgrade-atomic-'));
    const path = join(dir, 'r', 'report.html');
    writeFileAtomic(path, 'first', { durable: false });
    writeFileAtomic(path, 'second', { durable: false });
    expect(readFileSync(path, 'utf8')).toBe('second');
    expect(readdirSync(join(dir, 'r'))).toEqual(['report.html']);
    expect(() => writeFileAtomic(join(dir, 'r'), 'data', { durable: false })).toThrow();
    expect(readdirSync(dir)).toEqual(['r']);
  });

  it('has an asynchronous twin with the same guarantees', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'convgrade-atomic-'));
    const path = join(dir, 'x', 'r.json');
    await Promise.all([writeFileAtomicAsync(path, 'one'), writeFileAtomicAsync(join(dir, 'x', 's.json'), 'two')]);
    await writeFileAtomicAsync(path, 'three');
    expect(readFileSync(path, 'utf8')).toBe('three');
    expect(readdirSync(join(dir, 'x')).sort()).toEqual(['r.json', 's.json']);
    await expect(writeFileAtomicAsync(join(dir, 'x'), 'data')).rejects.toThrow();
    expect(readdirSync(join(dir, 'x')).sort()).toEqual(['r.json', 's.json']);
  });
});
