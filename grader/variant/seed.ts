/**
 * Seed derivation: seed = HMAC-SHA256(key = salt, message = exercise | question | student),
 * with "|" between the UTF-8 ids. The public salt lives in the spec (self-check variants);
 * the secret salt of graded variants comes from `--secret FILE` or CONVGRADE_SECRET.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';

/** Recorded in every result so a regrade can be reproduced. */
export const SEED_DERIVATION =
  'HMAC-SHA256(salt, exercise|question|student) → first 16 bytes as 4 little-endian uint32 → xoshiro128**';

export interface SeedInput {
  readonly salt: string;
  readonly exercise: string;
  readonly question: string;
  readonly student: string;
}

/** The 32-byte seed of one student's variant of one question. */
export function deriveSeed(input: SeedInput): Uint8Array {
  const message = `${input.exercise}|${input.question}|${input.student}`;
  return new Uint8Array(createHmac('sha256', input.salt).update(message, 'utf8').digest());
}

/**
 * A short public fingerprint of a salt: HMAC-SHA256(salt, "convgrade salt fingerprint"), first
 * 16 hex digits. Stored in results so a resumed or merged run can tell that two results were
 * graded with the same salt, without the result revealing anything usable about the salt.
 */
export function saltFingerprint(salt: string): string {
  return createHmac('sha256', salt).update('convgrade salt fingerprint', 'utf8').digest('hex').slice(0, 16);
}

/**
 * The secret salt of hidden variants: the trimmed contents of `secretFile` when given, else the
 * CONVGRADE_SECRET value of `env`. Throws UsageError when neither is set or the salt is short.
 */
export function readSecretSalt(options: {
  readonly secretFile?: string | undefined;
  readonly env?: Readonly<Record<string, string | undefined>>;
}): string {
  let salt: string | undefined;
  let from: string;
  if (options.secretFile !== undefined) {
    from = `--secret ${options.secretFile}`;
    try {
      salt = readFileSync(options.secretFile, 'utf8').trim();
    } catch (error: unknown) {
      throw new UsageError(`Cannot read the secret file "${options.secretFile}"`, { cause: error });
    }
  } else {
    from = 'CONVGRADE_SECRET';
    salt = options.env?.['CONVGRADE_SECRET']?.trim();
    if (salt === undefined || salt === '')
      throw new UsageError('Hidden variants need a secret salt: pass --secret FILE or set CONVGRADE_SECRET');
  }
  if (salt.length < 16)
    throw new UsageError(`The secret salt from ${from} must be at least 16 characters, got ${salt.length}`);
  return salt;
}
