/** The result spool and the streamed atomic file: what grade keeps on disk instead of in memory. */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openAtomicStream } from '../../cli/atomic-stream.js';
import { compareIds, openResultSpool } from '../../cli/result-spool.js';
import { loadClass, variant } from '../reports/helpers.js';

const work = mkdtempSync(join(tmpdir(), 'convgrade-spool-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('openResultSpool', () => {
  it('gives back every result whole, in student-id order, ties in the order appended', () => {
    const dir = join(work, 'order');
    const [alice, bob, carol] = loadClass();
    if (alice === undefined || bob === undefined || carol === undefined) throw new Error('sample class missing');
    const again = variant(bob, (r) => {
      r['score'] = 1;
    });
    const spool = openResultSpool(dir);
    for (const r of [carol, bob, alice, again]) spool.append(r);
    expect(spool.size).toBe(4);
    const back = [...spool.sorted()];
    expect(back).toEqual([alice, bob, again, carol]);
    // Twice: reading does not consume.
    expect([...spool.sorted()].map((r) => r.submission.id)).toEqual(['alice', 'bob', 'bob', 'carol']);
    const [file] = readdirSync(dir);
    expect(file).toMatch(/^\.convgrade-spool\..*\.tmp$/);
    expect(statSync(join(dir, file ?? '')).mode & 0o077).toBe(0);
    spool.close();
    spool.close();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('orders ids by UTF-16 code units, as every class file lists them', () => {
    expect(['b', 'B', '_x', '9', 'a'].sort(compareIds)).toEqual(['9', 'B', '_x', 'a', 'b']);
  });
});

describe('openAtomicStream', () => {
  it('shows the file only once committed, whole', () => {
    const path = join(work, 'stream', 'big.txt');
    const stream = openAtomicStream(path);
    const line = `${'x'.repeat(999)}\n`;
    for (let k = 0; k < 300; k++) stream.write(line);
    expect(readdirSync(join(work, 'stream')).filter((n) => n === 'big.txt')).toEqual([]);
    stream.commit();
    expect(readFileSync(path, 'utf8')).toBe(line.repeat(300));
    expect(readdirSync(join(work, 'stream'))).toEqual(['big.txt']);
    expect(() => stream.write('more')).toThrow(/already committed/);
  });

  it('leaves the old file alone when discarded', () => {
    const path = join(work, 'discard', 'junit.xml');
    const first = openAtomicStream(path);
    first.commit();
    writeFileSync(path, 'old\n');
    const stream = openAtomicStream(path);
    stream.write('new, but never finished');
    stream.discard();
    expect(readFileSync(path, 'utf8')).toBe('old\n');
    expect(readdirSync(join(work, 'discard'))).toEqual(['junit.xml']);
  });
});
