/** The result spool and the streamed atomic file: what grade keeps on disk instead of in memory. */
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
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
    // Unlinked as soon as it was open: nothing in the folder to leave behind, even if killed.
    expect(readdirSync(dir)).toEqual([]);
    spool.close();
    spool.close();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('orders ids by UTF-16 code units, as every class file lists them', () => {
    expect(['b', 'B', '_x', '9', 'a'].sort(compareIds)).toEqual(['9', 'B', '_x', 'a', 'b']);
    // U+1F600 is stored as the surrogates D83D DE00, below U+FF5E (code point order is the reverse).
    expect(['\uFF5E', '\u{1F600}', '\u00FC'].sort(compareIds)).toEqual(['\u00FC', '\u{1F600}', '\uFF5E']);
  });

  it('gives back odd ids and text exactly: non-ASCII, quotes, control characters, a lone surrogate, a large result', () => {
    const [alice] = loadClass();
    if (alice === undefined) throw new Error('sample class missing');
    const ids = [
      'ünïcödé',
      'a "quoted" <b>&amp;</b>',
      '\u{1F600}-smile',
      'tab\there\u0007',
      'lone\uD800',
      'x'.repeat(5000),
    ];
    const results = ids.map((id, k) =>
      variant(alice, (r) => {
        r['submission'] = { ...alice.submission, id, path: `/subs/${id}` };
        // Pieces of one result straddle any buffer size: a long error text on one of them.
        if (k === 5) r['error'] = '∑'.repeat(70_000);
      }),
    );
    const spool = openResultSpool(join(work, 'odd'));
    for (const r of [...results].reverse()) spool.append(r);
    expect([...spool.sorted()]).toEqual([...results].sort((a, b) => compareIds(a.submission.id, b.submission.id)));
    spool.close();
  });
});

describe('openAtomicStream', () => {
  it('replaces the old file all at once: it stays whole while the new one is written, and a reader of it keeps it', () => {
    const dir = join(work, 'replace');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'junit.xml');
    const old = `${'old line\n'.repeat(20_000)}`;
    writeFileSync(path, old);
    const before = statSync(path).ino;
    const reader = openSync(path, 'r');
    const stream = openAtomicStream(path);
    const line = `${'n'.repeat(499)}\n`;
    for (let k = 0; k < 1000; k++) {
      stream.write(line);
      // Several buffers have gone to disk by now (500 kB against 64 KiB): the target is untouched.
      if (k === 500) expect(readFileSync(path, 'utf8')).toBe(old);
    }
    expect(readFileSync(path, 'utf8')).toBe(old);
    stream.commit();
    expect(readFileSync(path, 'utf8')).toBe(line.repeat(1000));
    // A new file renamed over the old one, not the old one rewritten in place.
    expect(statSync(path).ino).not.toBe(before);
    const buffer = Buffer.alloc(old.length + 1);
    expect(readSync(reader, buffer, 0, buffer.length, 0)).toBe(old.length);
    expect(buffer.subarray(0, old.length).toString('utf8')).toBe(old);
    closeSync(reader);
    expect(readdirSync(dir)).toEqual(['junit.xml']);
    // Discarding after the commit (what an abort in a finally does) changes nothing.
    stream.discard();
    expect(readFileSync(path, 'utf8')).toBe(line.repeat(1000));
  });

  it('leaves no temp file and the target as it was when the rename fails', () => {
    const dir = join(work, 'blocked');
    // A non-empty folder where the file goes: rename(2) cannot replace it.
    mkdirSync(join(dir, 'junit.xml', 'inside'), { recursive: true });
    const stream = openAtomicStream(join(dir, 'junit.xml'));
    stream.write('<testsuites/>\n');
    expect(() => stream.commit()).toThrow(/E(ISDIR|NOTEMPTY|EXIST)/);
    expect(readdirSync(dir)).toEqual(['junit.xml']);
    expect(readdirSync(join(dir, 'junit.xml'))).toEqual(['inside']);
  });

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
