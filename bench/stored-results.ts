/**
 * The stored results P3's `merge` and `report` read: one submission of every P2 template
 * (bench/make-batch.ts, Python included) graded for real, then each result copied under new
 * student ids in the P2 mix's proportions and written with the CLI's own writer
 * (cli/outputs.ts: serializeResult at resultPath), as one folder and as shards split by
 * grader/batch's isInShard. Real results, without grading thousands of submissions.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resultPath, serializeResult } from '../cli/outputs.js';
import { isInShard } from '../grader/batch.js';
import type { SubmissionResult } from '../grader/result.js';
import { makeBatch, TEMPLATES, templateCounts } from './make-batch.js';
import { mulberry32 } from './mulberry32.js';
import { runChecked } from './processes.js';

/** One real result per P2 template: a batch of one submission each, graded by `cli`. */
export async function seedResults(
  cli: string,
  work: string,
  options: { readonly secret: string; readonly jobs: number; readonly timeoutMs: number },
): Promise<Map<string, SubmissionResult>> {
  const batch = makeBatch(
    TEMPLATES.length,
    join(work, 'seed'),
    1,
    TEMPLATES.map((t) => ({ ...t, per1000: 1 })),
  );
  const out = join(work, 'seed-out');
  await runChecked(
    {
      file: process.execPath,
      args: [
        cli,
        'grade',
        batch.dir,
        '--secret',
        options.secret,
        '--out',
        out,
        '--jobs',
        String(options.jobs),
        '--isolation',
        'strict',
        '--timeout-ms',
        String(options.timeoutMs),
        '--format',
        'json',
      ],
      cwd: work,
    },
    'convgrade grade (seed results)',
  );
  const byTemplate = new Map<string, SubmissionResult>();
  for (const entry of batch.entries) {
    const r = JSON.parse(readFileSync(resultPath(out, entry.id), 'utf8')) as SubmissionResult;
    if (r.status !== 'graded') throw new Error(`The seed result of ${entry.template} is ${r.status}`);
    byTemplate.set(entry.template, r);
  }
  return byTemplate;
}

export interface StoredTree {
  readonly whole: string;
  readonly shards: readonly string[];
  readonly counts: Map<string, number>;
  readonly meanBytes: number;
}

/** `count` stored results in the P2 mix's proportions, as one folder and as `shardCount` shards. */
export function writeStoredTree(
  seeds: Map<string, SubmissionResult>,
  work: string,
  sizes: { readonly count: number; readonly shardCount: number },
): StoredTree {
  const pool: string[] = [];
  for (const [t, n] of templateCounts(sizes.count, TEMPLATES)) for (let k = 0; k < n; k++) pool.push(t.name);
  const random = mulberry32(20261202);
  for (let k = pool.length - 1; k > 0; k--) {
    const j = Math.floor(random() * (k + 1));
    [pool[k], pool[j]] = [pool[j] as string, pool[k] as string];
  }
  const whole = join(work, 'stored');
  const shards = Array.from({ length: sizes.shardCount }, (_, k) => join(work, `shard-${k + 1}`));
  const width = Math.max(4, String(sizes.count).length);
  const counts = new Map<string, number>();
  let bytes = 0;
  pool.forEach((name, k) => {
    const seed = seeds.get(name);
    if (seed === undefined) throw new Error(`No seed result for ${name}`);
    const id = `s${String(k + 1).padStart(width, '0')}`;
    const result: SubmissionResult = {
      ...seed,
      submission: {
        ...seed.submission,
        id,
        path: join(work, 'submissions', id),
        sha256: createHash('sha256').update(`${name}/${id}`).digest('hex'),
      },
    };
    const text = serializeResult(result);
    bytes += Buffer.byteLength(text);
    const shard = shards.find((_, index) => isInShard(id, { index: index + 1, count: sizes.shardCount }));
    if (shard === undefined) throw new Error(`${id} is in none of ${sizes.shardCount} shards`);
    for (const dir of [whole, shard]) {
      mkdirSync(join(dir, 'results'), { recursive: true });
      writeFileSync(resultPath(dir, id), text);
    }
    counts.set(name, (counts.get(name) ?? 0) + 1);
  });
  return { whole, shards, counts, meanBytes: bytes / sizes.count };
}
